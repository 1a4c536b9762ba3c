# Cross build of emu for another Linux architecture (./dev.sh cross ARCH, docs/testing.md):
#   cmake -DCMAKE_TOOLCHAIN_FILE=tests/cross/toolchain.cmake -DEMU_CROSS_ARCH=aarch64
#         -DEMU_CROSS_SYSROOT=DIR ...
# Debian's cross compiler (g++-ARCH-linux-gnu) with its C library, the target's -dev packages
# unpacked into DIR (tests/cross/sysroot.sh), everything linked statically so that qemu-user runs
# the programs with nothing else to find, and qemu-ARCH running what the build runs (the font
# builder, the test discovery, the tests).
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EMU_CROSS_ARCH EMU_CROSS_SYSROOT)
if(NOT EMU_CROSS_ARCH OR NOT EMU_CROSS_SYSROOT)
  message(FATAL_ERROR "set EMU_CROSS_ARCH (aarch64, s390x) and EMU_CROSS_SYSROOT")
endif()
set(triplet ${EMU_CROSS_ARCH}-linux-gnu)

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${EMU_CROSS_ARCH})
set(CMAKE_CXX_COMPILER ${triplet}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${triplet})

set(CMAKE_FIND_ROOT_PATH ${EMU_CROSS_SYSROOT} /usr/${triplet})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)  # the build's own tools (as, ld for the guests) are the host's
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_CXX_FLAGS_INIT "-isystem ${EMU_CROSS_SYSROOT}/usr/include -isystem ${EMU_CROSS_SYSROOT}/usr/include/${triplet}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -L${EMU_CROSS_SYSROOT}/usr/lib/${triplet}")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${EMU_CROSS_ARCH})
