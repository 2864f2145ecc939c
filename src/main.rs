use std::process::ExitCode;

fn main() -> ExitCode {
    risk_register::cli::main()
}
