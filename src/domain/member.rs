//! Members of the association.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::date::{self, parse_date};
use crate::domain::ident::{self, IdKind};
use crate::domain::text::{self as stored_text, TextProblem};
use crate::i18n::{Lang, Msg};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
    Other,
}

impl Gender {
    /// Accepts F/M/O and the words in Spanish and English.
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_lowercase().as_str() {
            "f" | "femenino" | "female" | "mujer" | "woman" => Some(Gender::Female),
            "m" | "masculino" | "male" | "hombre" | "man" => Some(Gender::Male),
            "o" | "otro" | "other" | "x" | "no declara" => Some(Gender::Other),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "F",
            Gender::Male => "M",
            Gender::Other => "O",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(&self, lang)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberStatus {
    Active,
    Retired {
        #[serde(with = "crate::domain::date::days")]
        date: NaiveDate,
        reason: String,
    },
}

impl MemberStatus {
    pub fn is_active(&self) -> bool {
        matches!(self, MemberStatus::Active)
    }
    pub fn label(&self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(self, lang)
    }
}

/// A member as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Internal number, from 1; never reused.
    pub id: u32,
    pub id_kind: IdKind,
    /// Normalised identification number (unique in the book).
    pub id_number: String,
    pub first_names: String,
    pub last_names: String,
    pub gender: Gender,
    #[serde(with = "crate::domain::date::days::opt")]
    pub birth_date: Option<NaiveDate>,
    #[serde(with = "crate::domain::date::days")]
    pub join_date: NaiveDate,
    pub phone: String,
    pub community: String,
    pub status: MemberStatus,
}

impl Member {
    /// "Surnames Names", the way lists are sorted and SEPS writes them.
    /// A name stored by an older version with a control or invisible
    /// character is given without it (it goes into the descriptions ayni
    /// writes, which refuse such characters).
    pub fn full_name(&self) -> String {
        let name = format!("{} {}", self.last_names, self.first_names);
        match stored_text::without_forbidden(&name) {
            std::borrow::Cow::Borrowed(_) => name,
            std::borrow::Cow::Owned(clean) => clean,
        }
    }
}

/// The fields of a member as typed in a form or read from a CSV line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberInput {
    /// Empty: guessed from the number (10 digits cédula, 13 RUC, else passport).
    pub id_kind: Option<IdKind>,
    pub id_number: String,
    pub first_names: String,
    pub last_names: String,
    pub gender: String,
    pub birth_date: String,
    pub join_date: String,
    pub phone: String,
    pub community: String,
}

/// Which field a validation error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    IdNumber,
    FirstNames,
    LastNames,
    Gender,
    BirthDate,
    JoinDate,
    Phone,
    Community,
}

impl Field {
    pub fn label(self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(&self, lang)
    }
}

/// A problem with one field of a member.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MemberError {
    #[error("{0}")]
    Id(#[from] ident::IdError),
    #[error("this field is required")]
    Required,
    #[error("too long (at most {0} characters)")]
    TooLong(usize),
    #[error("contains characters that are not allowed")]
    BadCharacters,
    #[error("{0}")]
    Text(TextProblem),
    #[error("gender must be F, M or O")]
    BadGender,
    #[error("{0}")]
    Date(#[from] date::DateError),
    #[error("the date is in the future")]
    Future,
    #[error("the birth date is after the join date")]
    BornAfterJoining,
    #[error("a phone number has 7 to 15 digits")]
    BadPhone,
}

impl MemberError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            MemberError::Id(e) => e.message(lang),
            MemberError::Date(e) => e.message(lang),
            MemberError::Required => Msg::ErrMemberRequired.t(lang).into(),
            MemberError::TooLong(n) => Msg::ErrMemberTooLong.fill(lang, &[("n", &n)]),
            MemberError::BadCharacters => Msg::ErrMemberBadCharacters.t(lang).into(),
            MemberError::Text(p) => {
                let m = p.message(lang);
                let mut c = m.chars();
                match c.next() {
                    Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
                    None => m,
                }
            }
            MemberError::BadGender => Msg::ErrMemberBadGender.t(lang).into(),
            MemberError::Future => Msg::ErrMemberFuture.t(lang).into(),
            MemberError::BornAfterJoining => Msg::ErrMemberBornAfterJoining.t(lang).into(),
            MemberError::BadPhone => Msg::ErrMemberBadPhone.t(lang).into(),
        }
    }
}

/// A member's data once every field is valid (no internal number yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMember {
    pub id_kind: IdKind,
    pub id_number: String,
    pub first_names: String,
    pub last_names: String,
    pub gender: Gender,
    pub birth_date: Option<NaiveDate>,
    pub join_date: NaiveDate,
    pub phone: String,
    pub community: String,
}

/// A name or a community: the rule on stored text (no control or invisible
/// character; something visible), then the field's own limits.
fn text(s: &str, required: bool, max: usize) -> Result<String, MemberError> {
    let t = stored_text::words(s).map_err(MemberError::Text)?;
    if t.is_empty() && required {
        return Err(MemberError::Required);
    }
    if t.chars().count() > max {
        return Err(MemberError::TooLong(max));
    }
    if t.chars()
        .any(|c| matches!(c, '<' | '>' | '{' | '}' | '|' | '\\'))
    {
        return Err(MemberError::BadCharacters);
    }
    Ok(t)
}

/// The date `text` names, when it is one and not after `today`; else `None`,
/// with the refusal noted under `field`.
fn past_date(
    text: &str,
    field: Field,
    today: NaiveDate,
    errs: &mut Vec<(Field, MemberError)>,
) -> Option<NaiveDate> {
    match parse_date(text) {
        Ok(d) if d > today => {
            errs.push((field, MemberError::Future));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errs.push((field, MemberError::Date(e)));
            None
        }
    }
}

impl MemberInput {
    /// Validates every field; `today` bounds the dates. Returns all problems, field by field.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidMember, Vec<(Field, MemberError)>> {
        let mut errs = Vec::new();
        let id_raw = self.id_number.trim();
        let kind = self.id_kind.unwrap_or_else(|| ident::guess_kind(id_raw));
        let id_number = if id_raw.is_empty() {
            errs.push((Field::IdNumber, MemberError::Required));
            String::new()
        } else if let Err(p) = stored_text::line(&self.id_number) {
            errs.push((Field::IdNumber, MemberError::Text(p)));
            String::new()
        } else {
            ident::validate_id(kind, id_raw)
                .map_err(|e| errs.push((Field::IdNumber, MemberError::Id(e))))
                .unwrap_or_default()
        };
        let first_names = text(&self.first_names, true, 80)
            .map_err(|e| errs.push((Field::FirstNames, e)))
            .unwrap_or_default();
        let last_names = text(&self.last_names, true, 80)
            .map_err(|e| errs.push((Field::LastNames, e)))
            .unwrap_or_default();
        let gender = match Gender::parse(&self.gender) {
            Some(g) => g,
            None => {
                let e = if self.gender.trim().is_empty() {
                    MemberError::Required
                } else {
                    MemberError::BadGender
                };
                errs.push((Field::Gender, e));
                Gender::Other
            }
        };
        let birth_date = if self.birth_date.trim().is_empty() {
            None
        } else {
            past_date(&self.birth_date, Field::BirthDate, today, &mut errs)
        };
        let join_date = if self.join_date.trim().is_empty() {
            errs.push((Field::JoinDate, MemberError::Required));
            today
        } else {
            past_date(&self.join_date, Field::JoinDate, today, &mut errs).unwrap_or(today)
        };
        if let Some(b) = birth_date
            && b > join_date
        {
            errs.push((Field::BirthDate, MemberError::BornAfterJoining));
        }
        let phone = self.phone.trim().to_string();
        if let Err(p) = stored_text::line(&self.phone) {
            errs.push((Field::Phone, MemberError::Text(p)));
        } else if !phone.is_empty() {
            let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
            let allowed = phone
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
            if !allowed || !(7..=15).contains(&digits) {
                errs.push((Field::Phone, MemberError::BadPhone));
            }
        }
        let community = text(&self.community, false, 60)
            .map_err(|e| errs.push((Field::Community, e)))
            .unwrap_or_default();
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(ValidMember {
            id_kind: kind,
            id_number,
            first_names,
            last_names,
            gender,
            birth_date,
            join_date,
            phone,
            community,
        })
    }

    /// The input that reproduces a stored member (for the edit form).
    pub fn from_member(m: &Member) -> MemberInput {
        MemberInput {
            id_kind: Some(m.id_kind),
            id_number: m.id_number.clone(),
            first_names: m.first_names.clone(),
            last_names: m.last_names.clone(),
            gender: m.gender.code().to_string(),
            birth_date: m.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            join_date: m.join_date.to_string(),
            phone: m.phone.clone(),
            community: m.community.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    fn good() -> MemberInput {
        MemberInput {
            id_kind: None,
            id_number: ident::make_cedula(17, 1_234_567),
            first_names: "María  Dolores".into(),
            last_names: "Quispe Chango".into(),
            gender: "F".into(),
            birth_date: "1980-05-02".into(),
            join_date: "15/03/2020".into(),
            phone: "099 123 4567".into(),
            community: "San Pablo".into(),
        }
    }

    #[test]
    fn valid_member_is_normalised() {
        let v = good().validate(today());
        let Ok(v) = v else { panic!("refused: {v:?}") };
        assert_eq!(v.first_names, "María Dolores");
        assert_eq!(v.id_kind, IdKind::Cedula);
        assert_eq!(v.gender, Gender::Female);
        assert_eq!(
            v.join_date,
            NaiveDate::from_ymd_opt(2020, 3, 15).unwrap_or_default()
        );
    }

    #[test]
    fn control_and_invisible_characters_are_named_field_by_field() {
        let input = MemberInput {
            id_number: format!("{}\u{1b}", ident::make_cedula(17, 1_234_567)),
            first_names: "Ro\u{200b}sa".into(),
            last_names: "\u{301}".into(),
            phone: "099\u{7}1234567".into(),
            community: "San\nPablo".into(),
            ..good()
        };
        let Err(errs) = input.validate(today()) else {
            panic!("accepted")
        };
        let text = |f: Field| {
            errs.iter()
                .find(|(g, _)| *g == f)
                .map(|(_, e)| e.message(Lang::En))
                .unwrap_or_default()
        };
        assert!(
            text(Field::IdNumber).contains("(U+001B, escape) at position 11"),
            "{errs:?}"
        );
        assert!(text(Field::FirstNames).contains("(U+200B, zero-width space) at position 3"));
        assert_eq!(
            text(Field::LastNames),
            "Has no visible character (only spaces or invisible characters)."
        );
        assert!(text(Field::Phone).contains("(U+0007, bell) at position 4"));
        assert!(text(Field::Community).contains("(U+000A, line feed) at position 4"));
        assert_eq!(errs.len(), 5, "{errs:?}");
    }

    #[test]
    fn every_bad_field_is_reported() {
        let input = MemberInput {
            id_number: "1710034066".into(),
            first_names: "".into(),
            gender: "Z".into(),
            birth_date: "2030-01-01".into(),
            join_date: "31/02/2020".into(),
            phone: "12".into(),
            ..good()
        };
        let Err(errs) = input.validate(today()) else {
            panic!("accepted")
        };
        let fields: Vec<Field> = errs.iter().map(|e| e.0).collect();
        for f in [
            Field::IdNumber,
            Field::FirstNames,
            Field::Gender,
            Field::BirthDate,
            Field::JoinDate,
            Field::Phone,
        ] {
            assert!(fields.contains(&f), "{f:?} not reported in {errs:?}");
        }
        for (_, e) in &errs {
            assert!(!e.message(Lang::Es).is_empty());
            assert!(!e.message(Lang::En).is_empty());
        }
    }
}
