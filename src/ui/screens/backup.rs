//! Backups (`B`): a copy of the book now, to its backup folder, to a
//! removable drive or to a folder the user types ([`Book::auto_backup`],
//! [`Book::backup_to`]: never over an existing file, a full disk refused in
//! words), each copy opened and checked after it is written; and a restore
//! from one of the automatic copies or a file the user types, after the
//! copy passes the book's check and a yes. The restore itself is the
//! router's ([`Effect::Restore`]): the book must be closed while its file
//! is replaced ([`crate::books::backup::restore`], which keeps the
//! replaced book aside).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, sel_mark, styled};
use crate::books::backup::{BackupError, parse_backup_name};
use crate::books::{Book, BookError};
use crate::domain::date::format_date;
use crate::i18n::Msg;
use crate::ui::app::Screen;
use crate::ui::keymap::{Action, Context};
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::text_input::TextInput;

/// A line of the screen that can be chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// A copy now in the book's own backup folder (with the automatic ones).
    BookFolder,
    /// A copy now on this removable drive.
    Drive(PathBuf),
    /// A copy now in a folder the user types.
    OtherFolder,
    /// Restore from this automatic copy (its time and reason, as shown).
    Copy(PathBuf, String),
    /// Restore from a file the user types.
    OtherFile,
}

/// What is being typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typing {
    Folder,
    File,
}

/// A restore checked and waiting for a yes.
#[derive(Clone, Debug)]
pub struct RestoreAsk {
    pub file: PathBuf,
    entries: u64,
    members: usize,
    /// The book's entries the copy lacks, and the date of its last one.
    loses: Option<(u64, NaiveDate)>,
}

/// The screen's state.
#[derive(Clone, Debug, Default)]
pub struct Backups {
    pub rows: Vec<Row>,
    pub sel: usize,
    /// The folder or file being typed.
    pub typing: Option<(Typing, TextInput)>,
    /// The restore's question.
    pub ask: Option<RestoreAsk>,
    /// The drives to offer instead of those mounted now (a test's).
    pub drives: Option<Vec<PathBuf>>,
    /// What the last copy did, in full (the status line says it short).
    pub said: Option<String>,
}

impl Backups {
    /// The keymap: the question's, the typed path's, or the list's.
    pub fn context(&self) -> Context {
        if self.ask.is_some() {
            Context::ConfirmStrict
        } else if self.typing.is_some() {
            Context::BackupPath
        } else {
            Context::Backup
        }
    }

    /// Opens the screen: the destinations (the drives mounted now) and the
    /// automatic copies, newest first.
    pub fn open(&mut self, ctx: &mut Ctx) -> Effect {
        self.ask = None;
        self.typing = None;
        self.said = None;
        self.sel = 0;
        self.list(ctx);
        Effect::Show(Screen::Backup)
    }

    /// The rows read again (after a copy).
    fn list(&mut self, ctx: &Ctx) {
        let mut rows = vec![Row::BookFolder];
        let drives = self.drives.clone().unwrap_or_else(removable_drives);
        rows.extend(drives.into_iter().map(Row::Drive));
        rows.push(Row::OtherFolder);
        for p in ctx.book.list_backups().into_iter().rev() {
            let (_, stamp, reason) = parse_backup_name(&p);
            let when = match stamp {
                Some(t) => format!("{} {}", format_date(t.date(), ctx.lang), t.format("%H:%M")),
                None => p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            let label = Msg::UiBakCopyLine.fill(ctx.lang, &[("when", &when), ("reason", &reason)]);
            rows.push(Row::Copy(p, label));
        }
        rows.push(Row::OtherFile);
        self.sel = self.sel.min(rows.len() - 1);
        self.rows = rows;
    }

    /// A key on the screen.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if let Some(ask) = self.ask.take() {
            return match action {
                Action::Yes => Effect::Restore(ask.file),
                _ => Effect::ClearStatus,
            };
        }
        if let Some((what, input)) = &mut self.typing {
            let what = *what;
            return match action {
                Action::Back => {
                    self.typing = None;
                    Effect::None
                }
                Action::Submit | Action::NextField => {
                    let typed = PathBuf::from(input.as_str().trim());
                    if typed.as_os_str().is_empty() {
                        return Effect::None;
                    }
                    let said = match what {
                        Typing::Folder => self.copy_to(Some(&typed), ctx),
                        Typing::File => self.ask_restore(&typed, ctx),
                    };
                    if !matches!(said, Effect::Status { error: true, .. }) {
                        self.typing = None;
                    }
                    said
                }
                a => match a.apply_to(input) {
                    Some(Err(r)) => Effect::error(r.message(ctx.lang)),
                    _ => Effect::None,
                },
            };
        }
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.sel = super::moved(self.sel, self.rows.len(), action, ctx.page);
                Effect::None
            }
            Action::Submit | Action::Open => match self.rows.get(self.sel).cloned() {
                Some(Row::BookFolder) => self.copy_to(None, ctx),
                Some(Row::Drive(d)) => self.copy_to(Some(&d), ctx),
                Some(Row::OtherFolder) => {
                    self.typing = Some((Typing::Folder, TextInput::new()));
                    Effect::ClearStatus
                }
                Some(Row::Copy(p, _)) => self.ask_restore(&p, ctx),
                Some(Row::OtherFile) => {
                    self.typing = Some((Typing::File, TextInput::new()));
                    Effect::ClearStatus
                }
                None => Effect::None,
            },
            Action::Back => Effect::Main,
            other => Effect::Pass(other),
        }
    }

    /// A copy now: into the book's backup folder (`None`) or into the folder
    /// `dir`, then opened and checked.
    fn copy_to(&mut self, dir: Option<&Path>, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let made = match dir {
            None => ctx.book.auto_backup("manual"),
            Some(dir) => {
                // A folder, nothing else (a pipe or a device is never opened).
                if !std::fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
                    return Effect::error(
                        Msg::UiBakNotAFolder.fill(lang, &[("path", &dir.display())]),
                    );
                }
                ctx.book.backup_to(&dir.join(copy_name(ctx.book, lang)))
            }
        };
        let path = match made {
            Ok(p) => p,
            Err(e) => return Effect::error(e.message(lang)),
        };
        self.list(ctx);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let checked = Book::open_read_only(&path).and_then(|b| b.check());
        let said = match checked {
            Ok(report) => match report.first_problem() {
                None => Ok(Msg::UiBakSaved.fill(
                    lang,
                    &[
                        ("name", &name),
                        ("folder", &folder),
                        ("entries", &report.entries),
                        ("members", &report.members),
                    ],
                )),
                Some(p) => Err(Msg::UiBakSavedFails.fill(
                    lang,
                    &[
                        ("name", &name),
                        ("folder", &folder),
                        ("problem", &format!("{}: {}", p.title(lang), p.detail(lang))),
                    ],
                )),
            },
            Err(e) => Err(e.message(lang)),
        };
        match said {
            Ok(text) => {
                self.said = Some(text);
                Effect::say(Msg::UiBakSavedShort.t(lang))
            }
            Err(text) => {
                self.said = Some(text.clone());
                Effect::error(text)
            }
        }
    }

    /// Checks the copy at `file` as the restore will (a regular file, not the
    /// book, not a redacted copy, passing the book's check) and asks.
    fn ask_restore(&mut self, file: &Path, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        // A book opened only to read is never replaced from here.
        if ctx.book.is_read_only() {
            return Effect::error(BookError::ReadOnly.message(lang));
        }
        if !std::fs::metadata(file).is_ok_and(|m| m.is_file()) {
            return Effect::error(Msg::UiBakNotAFile.fill(lang, &[("path", &file.display())]));
        }
        let shown = file.display().to_string();
        if let (Ok(a), Ok(b)) = (file.canonicalize(), ctx.book.path().canonicalize())
            && a == b
        {
            return Effect::error(BookError::Backup(BackupError::SameFile(shown)).message(lang));
        }
        let checked = (|| {
            let copy = Book::open_read_only(file)?;
            if copy.redacted_on()?.is_some() {
                return Err(BookError::Backup(BackupError::Redacted(shown.clone())));
            }
            let report = copy.check()?;
            if let Some(p) = report.first_problem() {
                return Err(BookError::Backup(BackupError::BadBackup {
                    file: shown.clone(),
                    problem: Box::new(p.clone()),
                }));
            }
            Ok(report)
        })();
        let report = match checked {
            Ok(r) => r,
            Err(e) => return Effect::error(e.message(lang)),
        };
        let now = ctx.book.entry_count(None).unwrap_or(0);
        let loses = if now > report.entries {
            ctx.book
                .entry(now)
                .ok()
                .flatten()
                .map(|e| (now - report.entries, e.date))
        } else {
            None
        };
        self.ask = Some(RestoreAsk {
            file: file.to_path_buf(),
            entries: report.entries,
            members: report.members,
            loses,
        });
        Effect::ClearStatus
    }

    /// Draws the list, the typed path or the question.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let lang = app.lang;
        let mut lines: Vec<Line> = Vec::new();
        if let Some(ask) = &self.ask {
            lines.push(styled(app.t(Msg::UiBakAsk), app.theme.warning));
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                Msg::UiBakAskFile.fill(lang, &[("file", &ask.file.display())]),
            ));
            lines.push(Line::raw(Msg::UiBakAskCheck.fill(
                lang,
                &[("entries", &ask.entries), ("members", &ask.members)],
            )));
            if let Some((n, date)) = ask.loses {
                lines.push(styled(
                    Msg::UiBakAskLoses.fill(lang, &[("n", &n), ("date", &format_date(date, lang))]),
                    app.theme.warning,
                ));
            }
            lines.push(Line::raw(app.t(Msg::UiBakAskAside)));
            lines.push(Line::raw(""));
            lines.push(styled(app.t(Msg::UiBakAskKeys), app.theme.muted));
        } else {
            if let Some((what, input)) = &self.typing {
                let prompt = match what {
                    Typing::Folder => Msg::UiBakFolderPrompt,
                    Typing::File => Msg::UiBakFilePrompt,
                };
                lines.push(styled(app.t(prompt), app.theme.title));
                let w = super::inner_w(app, area).saturating_sub(2);
                lines.push(Line::from(vec![
                    Span::raw("  "),
                    input.span(true, w, app.theme.input),
                ]));
                lines.push(Line::raw(""));
            }
            self.list_lines(app, area, &mut lines);
            if let Some(said) = &self.said {
                lines.push(Line::raw(""));
                lines.push(styled(said.clone(), app.theme.info));
            }
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block(app, app.t(Msg::UiBakTitle), true)),
            area,
        );
    }

    fn list_lines<'a>(&'a self, app: &ViewCtx, area: Rect, lines: &mut Vec<Line<'a>>) {
        let lang = app.lang;
        let row_line = |i: usize, text: String| {
            let on = i == self.sel && self.typing.is_none();
            let style = if on {
                app.theme.selected
            } else {
                app.theme.base
            };
            Line::from(Span::styled(format!("{}{text}", sel_mark(on)), style))
        };
        lines.push(styled(app.t(Msg::UiBakMakeHeading), app.theme.header));
        let first_copy = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Copy(..) | Row::OtherFile))
            .unwrap_or(self.rows.len());
        for (i, row) in self.rows.iter().enumerate().take(first_copy) {
            let text = match row {
                Row::BookFolder => app.t(Msg::UiBakBookFolder).to_string(),
                Row::Drive(d) => Msg::UiBakDrive.fill(lang, &[("drive", &d.display())]),
                _ => app.t(Msg::UiBakOtherFolder).to_string(),
            };
            lines.push(row_line(i, text));
        }
        lines.push(Line::raw(""));
        lines.push(styled(app.t(Msg::UiBakRestoreHeading), app.theme.header));
        let copies = self.rows.len() - first_copy - 1;
        if copies == 0 {
            lines.push(styled(
                format!("  {}", app.t(Msg::UiBakNoCopies)),
                app.theme.muted,
            ));
        }
        // The copies that fit under what is already drawn, the selected one among them.
        let said = if self.said.is_some() { 4 } else { 0 };
        let room = (area.height as usize)
            .saturating_sub(2 + lines.len() + 1 + said)
            .max(1);
        let sel = self
            .sel
            .saturating_sub(first_copy)
            .min(copies.saturating_sub(1));
        for j in super::window(sel, copies, room) {
            let i = first_copy + j;
            if let Some(Row::Copy(_, label)) = self.rows.get(i) {
                lines.push(row_line(i, label.clone()));
            }
        }
        lines.push(row_line(
            self.rows.len() - 1,
            app.t(Msg::UiBakOtherFile).to_string(),
        ));
    }
}

/// The name of a copy made into a folder: the association, the word for a
/// copy and the time (`caja-san-pedro-copia-20261120-100000.ayni`), so that
/// copies of two books in one folder never take each other's name.
fn copy_name(book: &Book, lang: crate::i18n::Lang) -> String {
    let assoc = book
        .settings()
        .map(|s| super::reports::file_stem(&s.name))
        .unwrap_or_default();
    let assoc = if assoc.is_empty() {
        book.path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "ayni".into())
    } else {
        assoc
    };
    format!(
        "{assoc}-{}-{}.ayni",
        Msg::UiStemBackup.t(lang),
        book.clock().now().format("%Y%m%d-%H%M%S")
    )
}

/// The removable drives mounted now: on Windows the drive letters other
/// than the system's (and the floppies'); elsewhere the file systems
/// mounted under `/media/$USER`, `/run/media/$USER`, `/media` and `/mnt`.
pub fn removable_drives() -> Vec<PathBuf> {
    #[cfg(windows)]
    {
        let system = std::env::var("SystemDrive")
            .unwrap_or_else(|_| "C:".into())
            .to_uppercase();
        (b'D'..=b'Z')
            .chain([b'C'])
            .map(|l| format!("{}:", l as char))
            .filter(|d| *d != system)
            .map(|d| PathBuf::from(format!("{d}\\")))
            .filter(|p| p.is_dir())
            .collect()
    }
    #[cfg(not(windows))]
    {
        let user = std::env::var("USER").unwrap_or_default();
        // A file of the kernel's, read whole (never a pipe or a device).
        let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
        drives_in(&mounts, &user)
    }
}

/// The mount points of `mounts` (as `/proc/self/mounts` lists them) under
/// the folders where removable drives are mounted, in order, each once.
pub fn drives_in(mounts: &str, user: &str) -> Vec<PathBuf> {
    let mut bases: Vec<PathBuf> = Vec::new();
    if !user.is_empty() {
        bases.push(PathBuf::from(format!("/media/{user}")));
        bases.push(PathBuf::from(format!("/run/media/{user}")));
    }
    bases.push(PathBuf::from("/media"));
    bases.push(PathBuf::from("/mnt"));
    let mut out: Vec<PathBuf> = Vec::new();
    for line in mounts.lines() {
        let mut fields = line.split_whitespace();
        let (Some(point), Some(options)) = (fields.nth(1), fields.nth(1)) else {
            continue;
        };
        // A drive mounted read-only takes no copy.
        if options.split(',').any(|o| o == "ro") {
            continue;
        }
        let point = PathBuf::from(unescape_mount(point));
        let under = bases.iter().any(|b| point.starts_with(b) && point != *b);
        // A user's folder itself (`/media/ana`) is not a drive.
        let a_base = bases.contains(&point);
        if under && !a_base && !out.contains(&point) {
            out.push(point);
        }
    }
    out.sort();
    out
}

/// A mount point as the kernel writes it, its octal escapes (`\040` for
/// a space) read back.
fn unescape_mount(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = (b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0');
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drives_are_the_file_systems_mounted_where_removable_drives_go() {
        let mounts = "\
/dev/sda1 / ext4 rw 0 0
proc /proc proc rw 0 0
/dev/sdb1 /media/ana/USB\\040ANA vfat rw 0 0
/dev/sdc1 /run/media/ana/KINGSTON vfat rw 0 0
/dev/sdd1 /mnt/copias ext4 rw 0 0
tmpfs /media/ana tmpfs rw 0 0
/dev/sdb1 /media/ana/USB\\040ANA vfat rw 0 0
/dev/sde1 /home ext4 rw 0 0
/dev/sr0 /media/ana/CDROM iso9660 ro,nosuid 0 0
";
        assert_eq!(
            drives_in(mounts, "ana"),
            vec![
                PathBuf::from("/media/ana/USB ANA"),
                PathBuf::from("/mnt/copias"),
                PathBuf::from("/run/media/ana/KINGSTON"),
            ]
        );
        assert!(drives_in("/dev/sda1 / ext4 rw 0 0\n", "ana").is_empty());
        assert!(drives_in("garbage\n\n", "").is_empty());
    }
}
