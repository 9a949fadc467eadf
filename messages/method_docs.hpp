#pragma once
/// The reference of the JSON methods (`call`, the embeddable API's JSON
/// door): one entry per method of the method table, with its arguments,
/// answer and errors. `call METHOD --help` prints one entry, `call
/// --reference` all of them as Markdown, and docs/api.md is that output (a
/// test keeps them equal). No CAF, no database.

#include <string>
#include <vector>

namespace bsv::messages {

/// One key of a method's argument object.
struct ArgumentDoc {
  std::string key;
  std::string type;     ///< e.g. "string, 64 hex", "integer 1..1000 (default 100)"
  std::string meaning;  ///< what it does; "required" when it must be given
};

struct MethodDoc {
  std::string name;
  std::string summary;                 ///< what the method does, one or two sentences
  std::vector<ArgumentDoc> arguments;  ///< the keys it reads
  std::string answer;                  ///< the JSON it prints
  std::string errors;                  ///< the error codes it may answer besides
                                       ///< unavailable, timeout and internal
  std::string example;                 ///< an argument object
};

/// Every JSON method's entry, in the order of the reference.
const std::vector<MethodDoc>& method_docs();

/// The entry of `name`, or null.
const MethodDoc* find_method_doc(const std::string& name);

/// One method's entry as `call METHOD --help` prints it.
std::string method_help(const MethodDoc& doc);

/// Every entry as Markdown: the text of docs/api.md.
std::string api_reference_markdown();

}  // namespace bsv::messages
