// Reading a word through a pointer that came from a caller and may be
// garbage, without faulting: the kernel checks the address for us.
#pragma once

#include <optional>

namespace craton {

// The unsigned long at `address`, or nullopt if that memory is not mapped
// readable (or `address` is null or misaligned). Costs a few system calls:
// only for rare legacy paths, never per operation.
std::optional<unsigned long> read_ulong_if_mapped(const void* address);

}  // namespace craton
