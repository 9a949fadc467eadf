#include "common/embedded_text.hpp"

#include <stdexcept>
#include <unordered_map>

namespace bsv {

const std::string& query_text(const std::string& name) {
  static const auto by_name = [] {
    std::unordered_map<std::string, const std::string*> map;
    for (const auto& file : query_files()) {
      map.emplace(file.name.substr(0, file.name.size() - 4), &file.text);  // drop ".sql"
    }
    return map;
  }();
  auto it = by_name.find(name);
  if (it == by_name.end()) throw std::out_of_range("no embedded query named " + name);
  return *it->second;
}

}  // namespace bsv
