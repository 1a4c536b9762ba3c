#include "cli/output_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace emu::cli {

OutputFile::OutputFile(const std::string& option, const std::string& path, std::FILE* standard_output)
    : option_(option), path_(path), file_(standard_output), owned_(path != "-") {
  if (owned_) {
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
      throw Error(ExitStatus::bad_input,
                  fmt::format("cannot write --{} file '{}': {}", option, path, std::strerror(errno)));
    }
  }
}

OutputFile::~OutputFile() {
  if (owned_) std::fclose(file_);
}

void OutputFile::write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size() || std::fflush(file_) != 0) {
    throw Error(ExitStatus::bad_input,
                fmt::format("cannot write --{} file '{}': {}", option_, path_, std::strerror(errno)));
  }
}

}  // namespace emu::cli
