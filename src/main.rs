use std::process::ExitCode;

fn main() -> ExitCode {
    return_freed_memory_at_once();
    risk_register::cli::main()
}

/// Memory freed while loading (read buffers, parts collected in parallel) is given back to the
/// system at once rather than after mimalloc's default delay of 10 ms, which lowers the peak
/// of a large `check` (docs/performance.md, "Memory per record") for a little system time.
fn return_freed_memory_at_once() {
    // `mi_option_purge_delay` is the 16th option of `mi_option_t` in the bundled mimalloc's
    // `mimalloc.h` (v3); `libmimalloc-sys` links it but does not name the option.
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
    unsafe extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    // SAFETY: sets one of mimalloc's options, which it reads atomically; no memory is touched.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

// Loading a large register makes millions of small allocations across threads; mimalloc
// handles them markedly faster than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
