//! Every file ayni writes (reports, exports, receipts, SEPS files, the
//! configuration) goes through here:
//!
//! - A regular file, new or existing, is written whole or not at all: into a
//!   temporary file beside it (a name no other file has, created with
//!   `O_EXCL`), synced, then renamed over the old one. A full disk, a file
//!   size limit, a failure half-way or a killed program leave the old file as
//!   it was (and at most a hidden `.NAME.escribiendo-…` file beside it).
//! - What ayni creates is readable and writable by its owner only (mode 0600
//!   on unix), since most of it carries members' names and identification
//!   numbers; a file written over is replaced by such a file.
//! - What is not a regular file (a device such as `/dev/null`, a pipe) is
//!   written as it is: never truncated, never renamed, its permissions never
//!   changed. A named pipe that no program reads is refused at once instead
//!   of waiting for ever.
//! - A symbolic link is followed: the file it names is written, the link
//!   stays.
//!
//! It also reads small files that must be regular files (the configuration,
//! a book's first bytes) without ever blocking on a pipe and with a cap on
//! their size.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// `-o -`: standard output, not a file named `-`.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The error of a named pipe that no program reads (ENXIO on unix).
fn no_reader_errno() -> Option<i32> {
    #[cfg(unix)]
    {
        Some(rustix::io::Errno::NXIO.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Whether `e` says that no program reads from the pipe written to.
pub fn is_no_reader(e: &io::Error) -> bool {
    e.raw_os_error().is_some() && e.raw_os_error() == no_reader_errno()
}

/// Follows the symbolic links of the last component of `path` to the file
/// they name, which may not exist yet (at most 40 links, like the system).
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return p;
        }
        let Ok(target) = std::fs::read_link(&p) else {
            return p;
        };
        p = match p.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    p
}

/// Creates a file that did not exist (`O_EXCL`), owner only.
fn new_file(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// A new file beside `path` named `.<name>.<tag>-<process>-<n>`, with a name
/// no existing file has (it is created with `O_EXCL`), owner only.
pub fn temp_beside(path: &Path, tag: &str) -> io::Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ayni".into());
    let dir = folder_of(path);
    let pid = std::process::id();
    for n in 0..10_000u32 {
        let p = dir.join(format!(".{name}.{tag}-{pid}-{n}"));
        match new_file(&p) {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free temporary file name",
    ))
}

/// The folder holding `path` (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Removes the files beside `path` (in its folder) that `doomed` picks by
/// their name and path; one that cannot be read or removed is left.
pub fn remove_beside(path: &Path, doomed: impl Fn(&str, &Path) -> bool) {
    let Ok(entries) = std::fs::read_dir(folder_of(path)) else {
        return;
    };
    for e in entries.flatten() {
        let (name, file) = (e.file_name().to_string_lossy().into_owned(), e.path());
        if doomed(&name, &file) {
            let _ = std::fs::remove_file(file);
        }
    }
}

/// Whether `name` is one of the temporary files [`temp_beside`] makes for a
/// file named `of` with `tag`.
pub fn is_temp_of(name: &str, of: &str, tag: &str) -> bool {
    name.strip_prefix(&format!(".{of}.{tag}-"))
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(pid, n)| {
            !pid.is_empty()
                && !n.is_empty()
                && pid.bytes().all(|b| b.is_ascii_digit())
                && n.bytes().all(|b| b.is_ascii_digit())
        })
}

/// A file being written: either a temporary file renamed into place by
/// [`Output::commit`] (removed if dropped before), or a device or pipe
/// written as it is.
pub struct Output {
    file: File,
    /// (temporary file, final place) for a regular file.
    pending: Option<(PathBuf, PathBuf)>,
}

impl Output {
    /// Puts the file in place: synced, then renamed over the old one. A device
    /// or pipe is only flushed.
    pub fn commit(mut self) -> io::Result<()> {
        self.file.flush()?;
        if let Some((tmp, dest)) = self.pending.take() {
            let done = self
                .file
                .sync_all()
                .and_then(|_| std::fs::rename(&tmp, &dest));
            if done.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            done?;
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // Not committed: the old file stays as it was.
        if let Some((tmp, _)) = self.pending.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Opens `path` for writing (see the module's notes): a regular file or a new
/// one through a temporary file, a device or a pipe as it is.
pub fn create(path: &Path) -> io::Result<Output> {
    let dest = resolve_links(path);
    match std::fs::metadata(&dest) {
        Ok(m) if m.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder",
        )),
        Ok(m) if !m.is_file() => Ok(Output {
            file: open_special(&dest, &m)?,
            pending: None,
        }),
        _ => {
            let (tmp, file) = temp_beside(&dest, "escribiendo")?;
            Ok(Output {
                file,
                pending: Some((tmp, dest)),
            })
        }
    }
}

/// A device or a pipe, opened to write as it is: no truncation, no creation,
/// no change of permissions. A named pipe is opened without waiting: with no
/// program reading it, the open fails at once (see [`is_no_reader`]).
fn open_special(path: &Path, meta: &Metadata) -> io::Result<File> {
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        if meta.file_type().is_fifo() {
            let file = OpenOptions::new()
                .write(true)
                .custom_flags(OFlags::NONBLOCK.bits() as i32)
                .open(path)?;
            // A reader is there: from now on writes wait for it as usual.
            let flags = rustix::fs::fcntl_getfl(&file)?;
            rustix::fs::fcntl_setfl(&file, flags - OFlags::NONBLOCK)?;
            return Ok(file);
        }
    }
    let _ = meta;
    OpenOptions::new().write(true).open(path)
}

/// Writes `bytes` to `path` whole (see the module's notes).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut out = create(path)?;
    out.write_all(bytes)?;
    out.commit()
}

/// Why [`open_regular`] or [`read_capped`] refused a file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a regular file")]
    NotRegular,
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Opens an existing regular file to read, never waiting on a pipe (a named
/// pipe, a device or a folder is refused).
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a pipe to read waits for a writer, unless non-blocking;
        // a regular file reads the same either way.
        opts.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    // A folder opens on unix: what was opened is checked, not the name.
    let file = opts.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok(file)
}

/// Reads a regular file of at most `cap` bytes (see [`open_regular`]).
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok(bytes)
}

/// Restricts a regular file (owner only) or folder (owner only, 0700) that
/// ayni made by other means (a copy, a rename); best effort. Anything else
/// (a device, a pipe) is left as it is.
pub fn restrict(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => 0o700,
            Ok(m) if m.is_file() => 0o600,
            _ => return,
        };
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).expect("meta").permissions().mode() & 0o777
    }

    /// A new scratch folder, and the path of `name` in it.
    fn scratch(name: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join(name);
        (dir, p)
    }

    fn contents(p: &Path) -> Vec<u8> {
        std::fs::read(p).expect("read")
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[cfg(unix)]
    #[test]
    fn files_are_written_for_their_owner_only_even_over_an_open_file() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, p) = scratch("reporte.csv");
        write(&p, b"a,b\n").expect("write");
        assert_eq!(mode(&p), 0o600);
        assert_eq!(contents(&p), b"a,b\n");
        // A file left readable by everyone is restricted when written over.
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write(&p, b"c").expect("write");
        assert_eq!(mode(&p), 0o600);
        assert_eq!(contents(&p), b"c");
        // No temporary file is left beside it.
        assert_eq!(names(dir.path()), ["reporte.csv"]);
    }

    #[test]
    fn an_output_not_committed_leaves_the_old_file_as_it_was() {
        let (dir, p) = scratch("libro.journal");
        std::fs::write(&p, b"old journal\n").expect("write");
        {
            let mut out = create(&p).expect("create");
            out.write_all(b"half of a new jour").expect("write");
            // Dropped: a failure half-way.
        }
        assert_eq!(contents(&p), b"old journal\n");
        assert_eq!(names(dir.path()), ["libro.journal"]);
    }

    #[test]
    fn temporary_names_never_take_an_existing_file() {
        let (dir, p) = scratch("x.csv");
        let pid = std::process::id();
        let taken = dir.path().join(format!(".x.csv.escribiendo-{pid}-0"));
        std::fs::write(&taken, b"someone's").expect("write");
        write(&p, b"new").expect("write");
        assert_eq!(contents(&taken), b"someone's");
        assert_eq!(contents(&p), b"new");
        assert!(is_temp_of(
            &format!(".x.csv.escribiendo-{pid}-0"),
            "x.csv",
            "escribiendo"
        ));
        assert!(!is_temp_of(
            ".x.csv.escribiendo-a-0",
            "x.csv",
            "escribiendo"
        ));
        assert!(!is_temp_of("x.csv", "x.csv", "escribiendo"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_written_through() {
        let (dir, real) = scratch("real.csv");
        std::fs::write(&real, b"old").expect("write");
        let link = dir.path().join("enlace.csv");
        std::os::unix::fs::symlink("real.csv", &link).expect("symlink");
        write(&link, b"new").expect("write");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(contents(&real), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_as_they_are() {
        // /dev/null takes the bytes; its permissions are not ours to change.
        let before = mode(Path::new("/dev/null"));
        write(Path::new("/dev/null"), b"nothing").expect("write");
        assert_eq!(mode(Path::new("/dev/null")), before);
        restrict(Path::new("/dev/null"));
        assert_eq!(mode(Path::new("/dev/null")), before);
    }

    #[test]
    fn small_regular_files_only_are_read() {
        let (dir, p) = scratch("config.toml");
        std::fs::write(&p, b"lang = \"es\"\n").expect("write");
        assert_eq!(read_capped(&p, 100).expect("read"), b"lang = \"es\"\n");
        assert!(matches!(read_capped(&p, 4), Err(ReadError::TooLarge(4))));
        assert!(matches!(
            read_capped(dir.path(), 100),
            Err(ReadError::NotRegular) | Err(ReadError::Io(_))
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_capped(Path::new("/dev/zero"), 100),
            Err(ReadError::NotRegular)
        ));
    }
}
