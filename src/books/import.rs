//! Member import from CSV: a preview with every error by line number, then
//! all or nothing in one transaction.

use std::collections::HashMap;

use serde::Serialize;

use super::{Book, BookError};
use crate::domain::member::{Field, MemberError, MemberInput, ValidMember};
use crate::i18n::Lang;
use crate::store::StoreRead;

/// The columns, English and Spanish header names.
const COLUMNS: [(&str, &str); 8] = [
    ("id_number", "cedula"),
    ("first_names", "nombres"),
    ("last_names", "apellidos"),
    ("gender", "genero"),
    ("birth_date", "fecha_nacimiento"),
    ("join_date", "fecha_ingreso"),
    ("phone", "telefono"),
    ("community", "comunidad"),
];
const REQUIRED: [usize; 5] = [0, 1, 2, 3, 5];
/// Columns that `ayni member list --format csv` writes besides the eight
/// above; a list exported by ayni imports without editing.
const IGNORED: [&str; 6] = [
    "numero",
    "id",
    "tipo_identificacion",
    "id_kind",
    "estado",
    "status",
];

/// A problem on one line of the file (line 1 is the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportLineError {
    pub line: usize,
    pub problem: ImportProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportProblem {
    NotText,
    Empty,
    MissingColumn(&'static str),
    UnknownColumn(String),
    Csv(String),
    WrongFieldCount { expected: usize, found: usize },
    Field(Field, MemberError),
    DuplicateInFile { first_line: usize },
    DuplicateInBook { name: String },
}

impl ImportLineError {
    pub fn message(&self, lang: Lang) -> String {
        let es = lang == Lang::Es;
        let what = match &self.problem {
            ImportProblem::NotText if es => {
                "el archivo no es un CSV de texto (parece binario o no es UTF-8)".to_string()
            }
            ImportProblem::NotText => {
                "the file is not a text CSV (it looks binary or is not UTF-8)".to_string()
            }
            ImportProblem::Empty if es => "el archivo está vacío".to_string(),
            ImportProblem::Empty => "the file is empty".to_string(),
            ImportProblem::MissingColumn(c) if es => format!("falta la columna «{c}»"),
            ImportProblem::MissingColumn(c) => format!("column '{c}' is missing"),
            ImportProblem::UnknownColumn(c) if es => format!("columna desconocida «{c}»"),
            ImportProblem::UnknownColumn(c) => format!("unknown column '{c}'"),
            ImportProblem::Csv(e) if es => format!("CSV mal formado: {e}"),
            ImportProblem::Csv(e) => format!("malformed CSV: {e}"),
            ImportProblem::WrongFieldCount { expected, found } if es => {
                format!("se esperaban {expected} campos y hay {found}")
            }
            ImportProblem::WrongFieldCount { expected, found } => {
                format!("expected {expected} fields, found {found}")
            }
            ImportProblem::Field(f, e) => format!("{}: {}", f.label(lang), e.message(lang)),
            ImportProblem::DuplicateInFile { first_line } if es => {
                format!("identificación repetida (ya está en la línea {first_line})")
            }
            ImportProblem::DuplicateInFile { first_line } => {
                format!("repeated identification number (already on line {first_line})")
            }
            ImportProblem::DuplicateInBook { name } if es => {
                format!("la identificación ya pertenece a {name}")
            }
            ImportProblem::DuplicateInBook { name } => {
                format!("the identification number already belongs to {name}")
            }
        };
        let what = what.trim_end_matches('.');
        if es {
            format!("Línea {}: {what}.", self.line)
        } else {
            format!("Line {}: {what}.", self.line)
        }
    }
}

/// What an import would do: the members it would add and every problem found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPreview {
    pub members: Vec<(usize, ValidMember)>,
    pub errors: Vec<ImportLineError>,
}

/// A member line in a preview, for display and JSON.
#[derive(Clone, Debug, Serialize)]
pub struct PreviewRow {
    pub line: usize,
    pub id_number: String,
    pub name: String,
}

fn normalise_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace(['é', 'É'], "e")
        .replace(['í', 'Í'], "i")
        .replace(' ', "_")
}

/// Reads and validates a CSV of members against the book, writing nothing.
pub fn preview(
    bytes: &[u8],
    today: chrono::NaiveDate,
    existing: &dyn Fn(&str) -> Result<Option<String>, BookError>,
) -> Result<ImportPreview, BookError> {
    let mut p = ImportPreview::default();
    let err = |line, problem| ImportLineError { line, problem };
    let Ok(text) = std::str::from_utf8(bytes) else {
        p.errors.push(err(1, ImportProblem::NotText));
        return Ok(p);
    };
    if text.contains('\0') {
        p.errors.push(err(1, ImportProblem::NotText));
        return Ok(p);
    }
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim().is_empty() {
        p.errors.push(err(1, ImportProblem::Empty));
        return Ok(p);
    }
    // Spreadsheets in Spanish save CSV with semicolons.
    let delimiter = if first_line.contains(';') && !first_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            p.errors.push(err(1, ImportProblem::Csv(e.to_string())));
            return Ok(p);
        }
    };
    let mut pos: [Option<usize>; 8] = [None; 8];
    for (i, h) in headers.iter().enumerate() {
        let h = normalise_header(h);
        match COLUMNS.iter().position(|(en, es)| *en == h || *es == h) {
            Some(c) => pos[c] = Some(i),
            None if h.is_empty() || IGNORED.contains(&h.as_str()) => {}
            None => p.errors.push(err(1, ImportProblem::UnknownColumn(h))),
        }
    }
    for &c in &REQUIRED {
        if pos[c].is_none() {
            p.errors
                .push(err(1, ImportProblem::MissingColumn(COLUMNS[c].0)));
        }
    }
    if !p.errors.is_empty() {
        return Ok(p);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = rec
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map(|pp| pp.line() as usize)
            .unwrap_or(i + 2);
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                p.errors.push(err(i + 2, ImportProblem::Csv(e.to_string())));
                continue;
            }
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != headers.len() {
            p.errors.push(err(
                line,
                ImportProblem::WrongFieldCount {
                    expected: headers.len(),
                    found: rec.len(),
                },
            ));
            continue;
        }
        let get = |c: usize| pos[c].and_then(|i| rec.get(i)).unwrap_or("").to_string();
        let input = MemberInput {
            id_kind: None,
            id_number: get(0),
            first_names: get(1),
            last_names: get(2),
            gender: get(3),
            birth_date: get(4),
            join_date: get(5),
            phone: get(6),
            community: get(7),
        };
        match input.validate(today) {
            Err(errs) => {
                for (f, e) in errs {
                    p.errors.push(err(line, ImportProblem::Field(f, e)));
                }
            }
            Ok(v) => {
                if let Some(&first) = seen.get(&v.id_number) {
                    p.errors.push(err(
                        line,
                        ImportProblem::DuplicateInFile { first_line: first },
                    ));
                    continue;
                }
                if let Some(name) = existing(&v.id_number)? {
                    p.errors
                        .push(err(line, ImportProblem::DuplicateInBook { name }));
                    continue;
                }
                seen.insert(v.id_number.clone(), line);
                p.members.push((line, v));
            }
        }
    }
    if p.members.is_empty() && p.errors.is_empty() {
        p.errors.push(err(2, ImportProblem::Empty));
    }
    Ok(p)
}

impl Book {
    /// What importing this CSV would do; writes nothing.
    pub fn preview_import(&self, bytes: &[u8]) -> Result<ImportPreview, BookError> {
        let tx = self.store().read()?;
        preview(bytes, self.today(), &|idn| {
            Ok(match tx.member_by_id_number(idn)? {
                Some(id) => Some(tx.member(id)?.map(|mm| mm.full_name()).unwrap_or_default()),
                None => None,
            })
        })
    }

    /// Imports every member of the CSV in one transaction, or none when any line is wrong.
    pub fn import_members(&mut self, bytes: &[u8]) -> Result<usize, BookError> {
        if self.is_read_only() {
            return Err(BookError::ReadOnly);
        }
        let p = self.preview_import(bytes)?;
        if !p.errors.is_empty() {
            return Err(BookError::Import(p));
        }
        let tx = self.store().write()?;
        let n = p.members.len();
        for (_, v) in p.members {
            self.insert_member(&tx, v)?;
        }
        tx.commit()?;
        Ok(n)
    }
}

impl ImportPreview {
    pub fn rows(&self) -> Vec<PreviewRow> {
        self.members
            .iter()
            .map(|(line, v)| PreviewRow {
                line: *line,
                id_number: v.id_number.clone(),
                name: format!("{} {}", v.last_names, v.first_names),
            })
            .collect()
    }
}
