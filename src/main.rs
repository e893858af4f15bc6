//! The `ayni` program: the command line, or the TUI when run alone.

fn main() -> std::process::ExitCode {
    ayni::cli::main()
}
