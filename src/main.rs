use std::process::ExitCode;

fn main() -> ExitCode {
    risk_register::cli::main()
}

// Loading a large register makes millions of small allocations across threads; mimalloc
// handles them markedly faster than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
