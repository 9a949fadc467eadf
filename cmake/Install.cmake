# `cmake --install` ships the embeddable API: the store, PostgreSQL and actor
# libraries with their headers, a CMake package (find_package(bsv-wallet))
# and a pkg-config file (bsv-wallet.pc).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS bsv_common bsv_chain bsv_store bsv_db bsv_arc bsv_messages bsv_actors bsv_node bsv_warnings
  EXPORT bsv-wallet-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS bsv-wallet-node RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(dir chain store db arc http messages actors node common metrics)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/${dir}/ DESTINATION include/bsv-wallet/${dir}
    FILES_MATCHING PATTERN "*.hpp" PATTERN "*.def")
endforeach()

set(BSV_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/bsv-wallet)
install(EXPORT bsv-wallet-targets NAMESPACE bsv:: DESTINATION ${BSV_CMAKE_DIR})
configure_package_config_file(cmake/bsv-wallet-config.cmake.in
  ${CMAKE_BINARY_DIR}/bsv-wallet-config.cmake INSTALL_DESTINATION ${BSV_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/bsv-wallet-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/bsv-wallet-config.cmake ${CMAKE_BINARY_DIR}/bsv-wallet-config-version.cmake
  cmake/FindCAF.cmake DESTINATION ${BSV_CMAKE_DIR})

configure_file(cmake/bsv-wallet.pc.in ${CMAKE_BINARY_DIR}/bsv-wallet.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/bsv-wallet.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The operator's handbook and the deployment files, where the systemd unit points.
install(FILES docs/operations.md deploy/node.example.json deploy/bsv-wallet-node.service
  deploy/bsv-wallet-node.sysusers DESTINATION share/doc/bsv-wallet-node)
