//! The `ayni` program: the command line, or the TUI when run alone.

fn main() -> std::process::ExitCode {
    // A write past the file size limit (RLIMIT_FSIZE, a quota) raises SIGXFSZ,
    // whose default action kills the process mid-write. With a handler of our
    // own instead, the write fails with EFBIG and is reported like a full disk.
    #[cfg(unix)]
    {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag);
    }
    ayni::cli::main()
}
