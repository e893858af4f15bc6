//! Identification numbers of Ecuador: cédula, RUC, passport.
//!
//! - Cédula: 10 digits. Digits 1-2 are the province (01-24, or 30 for
//!   Ecuadorians registered abroad), digit 3 is below 6 (natural persons),
//!   digit 10 checks the first nine (coefficients 2,1,2,1,...; products over 9
//!   reduced by 9; check = (10 - sum mod 10) mod 10).
//! - RUC: 13 digits. A natural person's is a cédula followed by an
//!   establishment number 001-999. A private company's or association's has
//!   third digit 9, check digit 10 computed modulo 11 with coefficients
//!   4,3,2,7,6,5,4,3,2, establishment 001-999. A public entity's has third
//!   digit 6, check digit 9 modulo 11 with coefficients 3,2,7,6,5,4,3,2, and
//!   establishment 0001-9999.
//! - Passport: 5 to 20 letters and digits.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg};

/// The kind of identification document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdKind {
    Cedula,
    Ruc,
    Passport,
}

impl IdKind {
    pub const ALL: [IdKind; 3] = [IdKind::Cedula, IdKind::Ruc, IdKind::Passport];

    /// A stable ASCII code: "cedula", "ruc", "passport".
    pub fn code(self) -> &'static str {
        match self {
            IdKind::Cedula => "cedula",
            IdKind::Ruc => "ruc",
            IdKind::Passport => "passport",
        }
    }

    /// The name shown to the user.
    pub fn label(self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(&self, lang)
    }
}

/// English, for error texts.
impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdKind::Cedula => "cédula",
            IdKind::Ruc => "RUC",
            IdKind::Passport => "passport",
        })
    }
}

/// What is wrong with an identification number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("the identification number is empty")]
    Empty,
    #[error("a {kind} must have {expected} digits; this one has {found}")]
    Length {
        kind: IdKind,
        expected: usize,
        found: usize,
    },
    #[error("only digits are allowed, and '{0}' is not one")]
    NotDigits(char),
    #[error("{0:02} is not a province code (01-24, or 30 for Ecuadorians abroad)")]
    Province(u8),
    #[error("the third digit of a {kind} cannot be {digit}")]
    ThirdDigit { kind: IdKind, digit: u8 },
    #[error("the check digit should be {expected}, not {found}")]
    CheckDigit { expected: u8, found: u8 },
    #[error("no check digit can make this RUC valid")]
    NoCheckDigit,
    #[error("the establishment number of a RUC cannot be {0}")]
    Establishment(String),
    #[error("a passport number must have 5 to 20 characters; this one has {0}")]
    PassportLength(usize),
    #[error("a passport number has only letters and digits, and '{0}' is not one")]
    PassportChar(char),
}

impl IdError {
    /// A sentence for the user saying what is wrong.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            IdError::Empty => Msg::ErrIdEmpty.t(lang).into(),
            IdError::Length {
                kind,
                expected,
                found,
            } => match kind {
                IdKind::Cedula => Msg::ErrIdLengthCedula,
                IdKind::Ruc => Msg::ErrIdLengthRuc,
                IdKind::Passport => Msg::ErrIdLengthPassport,
            }
            .fill(lang, &[("expected", expected), ("found", found)]),
            IdError::NotDigits(c) => Msg::ErrIdNotDigits.fill(lang, &[("c", &shown(*c))]),
            IdError::Province(p) => {
                Msg::ErrIdProvince.fill(lang, &[("digits", &format!("{:02}", p))])
            }
            IdError::ThirdDigit { kind, digit } => match kind {
                IdKind::Ruc => Msg::ErrIdThirdDigitRuc,
                _ => Msg::ErrIdThirdDigitCedula,
            }
            .fill(lang, &[("digit", digit)]),
            IdError::CheckDigit { expected, found } => {
                Msg::ErrIdCheckDigit.fill(lang, &[("expected", &expected), ("found", &found)])
            }
            IdError::NoCheckDigit => Msg::ErrIdNoCheckDigit.t(lang).into(),
            IdError::Establishment(n) => Msg::ErrIdEstablishment.fill(lang, &[("n", &n)]),
            IdError::PassportLength(n) => Msg::ErrIdPassportLength.fill(lang, &[("n", &n)]),
            IdError::PassportChar(c) => Msg::ErrIdPassportChar.fill(lang, &[("c", &shown(*c))]),
        }
    }
}

/// A character as the messages show it (controls by their code).
fn shown(c: char) -> String {
    crate::domain::text::visible(c.encode_utf8(&mut [0; 4])).to_string()
}

/// The input without whitespace and dashes, as people write numbers.
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// The digits of `s` (whitespace and dashes removed), exactly `expected` of them.
fn digits(s: &str, kind: IdKind, expected: usize) -> Result<Vec<u8>, IdError> {
    let s = compact(s);
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
        return Err(IdError::NotDigits(c));
    }
    if s.len() != expected {
        return Err(IdError::Length {
            kind,
            expected,
            found: s.len(),
        });
    }
    Ok(s.bytes().map(|b| b - b'0').collect())
}

fn to_string(d: &[u8]) -> String {
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

/// Checks the province code in the first two digits (`d` has at least two).
fn check_province(d: &[u8]) -> Result<(), IdError> {
    let p = d[0] * 10 + d[1];
    if (1..=24).contains(&p) || p == 30 {
        Ok(())
    } else {
        Err(IdError::Province(p))
    }
}

/// The cédula check digit of its first nine digits (values 0..=9):
/// coefficients 2,1,2,1,2,1,2,1,2, products over 9 reduced by 9,
/// check = (10 - sum mod 10) mod 10.
pub fn cedula_check_digit(first_nine: &[u8; 9]) -> u8 {
    let sum: u32 = first_nine
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let p = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            if p > 9 { p - 9 } else { p }
        })
        .sum();
    // The value is below 10, so it fits in a u8.
    ((10 - sum % 10) % 10) as u8
}

/// Validates the ten digits of a cédula (`d` has exactly ten).
fn cedula_digits(d: &[u8]) -> Result<(), IdError> {
    check_province(d)?;
    if d[2] >= 6 {
        return Err(IdError::ThirdDigit {
            kind: IdKind::Cedula,
            digit: d[2],
        });
    }
    let mut nine = [0u8; 9];
    nine.copy_from_slice(&d[..9]);
    let expected = cedula_check_digit(&nine);
    if expected != d[9] {
        return Err(IdError::CheckDigit {
            expected,
            found: d[9],
        });
    }
    Ok(())
}

/// Validates a cédula; returns it normalised (whitespace and dashes removed).
pub fn validate_cedula(s: &str) -> Result<String, IdError> {
    let d = digits(s, IdKind::Cedula, 10)?;
    cedula_digits(&d)?;
    Ok(to_string(&d))
}

const COMPANY_COEFFICIENTS: [u32; 9] = [4, 3, 2, 7, 6, 5, 4, 3, 2];
const PUBLIC_COEFFICIENTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

/// The modulo-11 check digit: 11 - (sum mod 11), 11 becomes 0, and 10 means
/// no digit can check these digits (`None`).
fn mod11(d: &[u8], coefficients: &[u32]) -> Option<u8> {
    let sum: u32 = d
        .iter()
        .zip(coefficients)
        .map(|(&x, &c)| u32::from(x) * c)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        // Between 1 and 9 here.
        c => Some(c as u8),
    }
}

/// Compares a modulo-11 check digit with the one written.
fn check_mod11(d: &[u8], coefficients: &[u32], found: u8) -> Result<(), IdError> {
    match mod11(d, coefficients) {
        Some(e) if e == found => Ok(()),
        Some(e) => Err(IdError::CheckDigit { expected: e, found }),
        None => Err(IdError::NoCheckDigit),
    }
}

/// Validates a RUC (natural person, private company or association, public
/// entity); returns it normalised (whitespace and dashes removed).
pub fn validate_ruc(s: &str) -> Result<String, IdError> {
    let d = digits(s, IdKind::Ruc, 13)?;
    check_province(&d)?;
    match d[2] {
        0..=5 => {
            cedula_digits(&d[..10])?;
            if d[10..] == [0, 0, 0] {
                return Err(IdError::Establishment(to_string(&d[10..])));
            }
        }
        9 => {
            check_mod11(&d[..9], &COMPANY_COEFFICIENTS, d[9])?;
            if d[10..] == [0, 0, 0] {
                return Err(IdError::Establishment(to_string(&d[10..])));
            }
        }
        6 => {
            check_mod11(&d[..8], &PUBLIC_COEFFICIENTS, d[8])?;
            if d[9..] == [0, 0, 0, 0] {
                return Err(IdError::Establishment(to_string(&d[9..])));
            }
        }
        digit => {
            return Err(IdError::ThirdDigit {
                kind: IdKind::Ruc,
                digit,
            });
        }
    }
    Ok(to_string(&d))
}

/// Validates a passport number: 5 to 20 ASCII letters and digits once
/// whitespace and dashes are removed; returns it upper-cased.
pub fn validate_passport(s: &str) -> Result<String, IdError> {
    let t = compact(s);
    if t.is_empty() {
        return Err(IdError::Empty);
    }
    if let Some(c) = t.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(IdError::PassportChar(c));
    }
    // ASCII only from here, so bytes are characters.
    if !(5..=20).contains(&t.len()) {
        return Err(IdError::PassportLength(t.len()));
    }
    Ok(t.to_ascii_uppercase())
}

/// Validates a number of the kind given; returns it normalised.
pub fn validate_id(kind: IdKind, s: &str) -> Result<String, IdError> {
    match kind {
        IdKind::Cedula => validate_cedula(s),
        IdKind::Ruc => validate_ruc(s),
        IdKind::Passport => validate_passport(s),
    }
}

/// 10 digits: cédula; 13 digits: RUC; anything with a letter: passport.
/// Only digits but another length is taken as a mistyped cédula, so that it
/// is rejected with "must have 10 digits" rather than accepted as a passport.
pub fn guess_kind(s: &str) -> IdKind {
    let t = compact(s);
    let all_digits = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    match (all_digits, t.len()) {
        (true, 13) => IdKind::Ruc,
        (true, _) => IdKind::Cedula,
        _ => IdKind::Passport,
    }
}

/// A valid cédula from a province (1-24; others are clamped into it) and a
/// 7-digit body (taken modulo 6,000,000 so that the third digit is below 6).
pub fn make_cedula(province: u8, body: u32) -> String {
    let p = province.clamp(1, 24);
    let mut nine = [0u8; 9];
    nine[0] = p / 10;
    nine[1] = p % 10;
    let mut x = body % 6_000_000;
    for slot in nine[2..].iter_mut().rev() {
        // A remainder modulo 10 fits in a u8.
        *slot = (x % 10) as u8;
        x /= 10;
    }
    let mut d = nine.to_vec();
    d.push(cedula_check_digit(&nine));
    to_string(&d)
}

/// A valid RUC of a private company or association (third digit 9,
/// establishment `001`) from a province (1-24, clamped) and a 6-digit body.
/// When the body has no check digit, its last digit is raised by one.
pub fn make_company_ruc(province: u8, body: u32) -> String {
    let p = province.clamp(1, 24);
    let mut d = [0u8; 9];
    d[0] = p / 10;
    d[1] = p % 10;
    d[2] = 9;
    let mut x = body % 1_000_000;
    for slot in d[3..].iter_mut().rev() {
        // A remainder modulo 10 fits in a u8.
        *slot = (x % 10) as u8;
        x /= 10;
    }
    let check = match mod11(&d, &COMPANY_COEFFICIENTS) {
        Some(c) => c,
        None => {
            d[8] = (d[8] + 1) % 10;
            // The last digit has coefficient 2, and 2·k is never 0 modulo 11
            // for k = 1 or k = -9, so the sum's residue moves away from the
            // single one (1) without a check digit: `None` cannot happen.
            mod11(&d, &COMPANY_COEFFICIENTS).unwrap_or(0)
        }
    };
    let mut all = d.to_vec();
    all.push(check);
    all.extend([0, 0, 1]);
    to_string(&all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check_digit_of(s: &str) -> u8 {
        let mut nine = [0u8; 9];
        for (slot, b) in nine.iter_mut().zip(s.bytes()) {
            *slot = b - b'0';
        }
        cedula_check_digit(&nine)
    }

    #[test]
    fn known_valid_cedulas() {
        for c in [
            "1710034065",
            "0926687856",
            // Computed by hand: 0102030405 → check 0; 1712345678 → check 5.
            "0102030400",
            "1712345675",
            "3012345678",
        ] {
            assert_eq!(validate_cedula(c), Ok(c.to_string()), "{c}");
        }
        assert_eq!(check_digit_of("171003406"), 5);
        assert_eq!(check_digit_of("092668785"), 6);
    }

    #[test]
    fn cedulas_are_normalised() {
        assert_eq!(validate_cedula("171003406-5"), Ok("1710034065".into()));
        assert_eq!(validate_cedula("  17 1003 4065\t"), Ok("1710034065".into()));
    }

    #[test]
    fn invalid_cedulas_say_why() {
        assert_eq!(validate_cedula(""), Err(IdError::Empty));
        assert_eq!(validate_cedula("  - "), Err(IdError::Empty));
        assert_eq!(
            validate_cedula("171003406"),
            Err(IdError::Length {
                kind: IdKind::Cedula,
                expected: 10,
                found: 9
            })
        );
        assert_eq!(
            validate_cedula("17100340651"),
            Err(IdError::Length {
                kind: IdKind::Cedula,
                expected: 10,
                found: 11
            })
        );
        assert_eq!(validate_cedula("17100340AB"), Err(IdError::NotDigits('A')));
        assert_eq!(validate_cedula("1710034O65"), Err(IdError::NotDigits('O')));
        assert_eq!(validate_cedula("9910034065"), Err(IdError::Province(99)));
        assert_eq!(validate_cedula("0010034065"), Err(IdError::Province(0)));
        assert_eq!(validate_cedula("2510034065"), Err(IdError::Province(25)));
        assert_eq!(
            validate_cedula("1770034065"),
            Err(IdError::ThirdDigit {
                kind: IdKind::Cedula,
                digit: 7
            })
        );
        assert_eq!(
            validate_cedula("1710034066"),
            Err(IdError::CheckDigit {
                expected: 5,
                found: 6
            })
        );
    }

    #[test]
    fn natural_person_rucs() {
        assert_eq!(validate_ruc("1710034065001"), Ok("1710034065001".into()));
        assert_eq!(validate_ruc("1710034065-002"), Ok("1710034065002".into()));
        assert_eq!(validate_ruc("0926687856999"), Ok("0926687856999".into()));
        assert_eq!(
            validate_ruc("1710034065000"),
            Err(IdError::Establishment("000".into()))
        );
        assert_eq!(
            validate_ruc("1710034066001"),
            Err(IdError::CheckDigit {
                expected: 5,
                found: 6
            })
        );
        assert_eq!(validate_ruc("9910034065001"), Err(IdError::Province(99)));
    }

    #[test]
    fn company_and_association_rucs() {
        for r in ["1790011674001", "0990005737001"] {
            assert_eq!(validate_ruc(r), Ok(r.to_string()), "{r}");
        }
        assert_eq!(
            validate_ruc("1790011675001"),
            Err(IdError::CheckDigit {
                expected: 4,
                found: 5
            })
        );
        assert_eq!(
            validate_ruc("1790011674000"),
            Err(IdError::Establishment("000".into()))
        );
        // 1,7,9,0,0,0,0,0,3 weigh 4+21+18+6 = 49 ≡ 5 (mod 11): check 6.
        assert_eq!(validate_ruc("1790000036001"), Ok("1790000036001".into()));
        // 1,7,9,0,0,0,0,0,5 weigh 53 ≡ 9 (mod 11): check 2, written 1.
        assert_eq!(
            validate_ruc("1790000051001"),
            Err(IdError::CheckDigit {
                expected: 2,
                found: 1
            })
        );
        // 1,7,9,0,0,0,0,0,1 weigh 45 ≡ 1 (mod 11): no digit checks it.
        assert_eq!(validate_ruc("1790000010001"), Err(IdError::NoCheckDigit));
    }

    #[test]
    fn public_entity_rucs() {
        for r in ["1760001550001", "1768152560001"] {
            assert_eq!(validate_ruc(r), Ok(r.to_string()), "{r}");
        }
        assert!(matches!(
            validate_ruc("1760001560001"),
            Err(IdError::CheckDigit { .. })
        ));
        assert_eq!(
            validate_ruc("1760001550000"),
            Err(IdError::Establishment("0000".into()))
        );
    }

    #[test]
    fn invalid_rucs_say_why() {
        assert_eq!(
            validate_ruc("1710034065"),
            Err(IdError::Length {
                kind: IdKind::Ruc,
                expected: 13,
                found: 10
            })
        );
        assert_eq!(
            validate_ruc("1780011674001"),
            Err(IdError::ThirdDigit {
                kind: IdKind::Ruc,
                digit: 8
            })
        );
        assert_eq!(
            validate_ruc("1770011674001"),
            Err(IdError::ThirdDigit {
                kind: IdKind::Ruc,
                digit: 7
            })
        );
        assert_eq!(validate_ruc("2690011674001"), Err(IdError::Province(26)));
        assert_eq!(validate_ruc("17900116740x1"), Err(IdError::NotDigits('x')));
    }

    #[test]
    fn passports() {
        assert_eq!(validate_passport(" ab-12345 "), Ok("AB12345".into()));
        assert_eq!(validate_passport("x1234"), Ok("X1234".into()));
        assert_eq!(validate_passport("A1"), Err(IdError::PassportLength(2)));
        assert_eq!(
            validate_passport("A123456789012345678901"),
            Err(IdError::PassportLength(22))
        );
        assert_eq!(
            validate_passport("AB/12345"),
            Err(IdError::PassportChar('/'))
        );
        assert_eq!(
            validate_passport("ÑA12345"),
            Err(IdError::PassportChar('Ñ'))
        );
        assert_eq!(validate_passport("   "), Err(IdError::Empty));
    }

    #[test]
    fn validate_id_dispatches() {
        assert_eq!(
            validate_id(IdKind::Cedula, "1710034065"),
            Ok("1710034065".into())
        );
        assert_eq!(
            validate_id(IdKind::Ruc, "1790011674001"),
            Ok("1790011674001".into())
        );
        assert_eq!(
            validate_id(IdKind::Passport, "pa99887"),
            Ok("PA99887".into())
        );
        assert!(validate_id(IdKind::Cedula, "1790011674001").is_err());
    }

    #[test]
    fn guesses_the_kind() {
        assert_eq!(guess_kind("1710034065"), IdKind::Cedula);
        assert_eq!(guess_kind("171003406-5"), IdKind::Cedula);
        assert_eq!(guess_kind("1790011674001"), IdKind::Ruc);
        assert_eq!(guess_kind("AB12345"), IdKind::Passport);
        assert_eq!(guess_kind("171003406"), IdKind::Cedula);
        assert_eq!(guess_kind(""), IdKind::Passport);
    }

    #[test]
    fn messages_say_what_is_wrong() {
        let e = validate_cedula("171003406").expect_err("short");
        assert_eq!(
            e.message(Lang::Es),
            "La cédula debe tener 10 dígitos; tiene 9."
        );
        assert_eq!(
            e.message(Lang::En),
            "A cédula must have 10 digits; this one has 9."
        );
        assert_eq!(
            e.to_string(),
            "a cédula must have 10 digits; this one has 9"
        );
        let e = validate_ruc("171003406500").expect_err("short");
        assert_eq!(
            e.message(Lang::Es),
            "El RUC debe tener 13 dígitos; tiene 12."
        );
        let e = validate_cedula("1710034066").expect_err("check");
        assert!(e.message(Lang::Es).contains("debería ser 5 y es 6"));
        assert!(e.message(Lang::En).contains("should be 5 and it is 6"));
        let e = validate_cedula("9910034065").expect_err("province");
        assert!(e.message(Lang::Es).contains("(99)"));
    }

    #[test]
    fn every_error_has_both_messages() {
        let all = [
            IdError::Empty,
            IdError::Length {
                kind: IdKind::Ruc,
                expected: 13,
                found: 3,
            },
            IdError::NotDigits('a'),
            IdError::Province(27),
            IdError::ThirdDigit {
                kind: IdKind::Cedula,
                digit: 8,
            },
            IdError::ThirdDigit {
                kind: IdKind::Ruc,
                digit: 8,
            },
            IdError::CheckDigit {
                expected: 1,
                found: 2,
            },
            IdError::NoCheckDigit,
            IdError::Establishment("000".into()),
            IdError::PassportLength(3),
            IdError::PassportChar('/'),
        ];
        for e in all {
            let (es, en) = (e.message(Lang::Es), e.message(Lang::En));
            assert!(!es.is_empty() && !en.is_empty() && es != en, "{e:?}");
            assert!(es.ends_with('.') && en.ends_with('.'), "{e:?}");
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn made_cedulas_examples() {
        assert_eq!(make_cedula(17, 1_003_406), "1710034065");
        // Out-of-range provinces are clamped; big bodies keep the third digit < 6.
        assert!(make_cedula(0, 9_999_999).starts_with("01"));
        assert!(make_cedula(99, 0).starts_with("24"));
        assert_eq!(
            validate_cedula(&make_cedula(99, 9_999_999)).map(|_| ()),
            Ok(())
        );
    }

    #[test]
    fn made_company_ruc_without_check_digit_is_bumped() {
        // Body 000001 has no check digit (see company_and_association_rucs).
        let r = make_company_ruc(17, 1);
        // 1,7,9,0,0,0,0,0,2 weigh 47 ≡ 3 (mod 11): check 8.
        assert_eq!(r, "1790000028001");
        assert_eq!(validate_ruc(&r), Ok(r.clone()));
    }

    proptest! {
        #[test]
        fn made_cedulas_are_valid(province in 1u8..=24, body in any::<u32>()) {
            let c = make_cedula(province, body);
            prop_assert_eq!(c.len(), 10);
            prop_assert_eq!(validate_cedula(&c), Ok(c.clone()));
            prop_assert_eq!(validate_ruc(&format!("{c}001")), Ok(format!("{c}001")));
            prop_assert_eq!(guess_kind(&c), IdKind::Cedula);
        }

        #[test]
        fn one_wrong_digit_is_caught(province in 1u8..=24, body in 0u32..6_000_000, pos in 0usize..10, delta in 1u8..10) {
            let c = make_cedula(province, body);
            let mut d: Vec<u8> = c.bytes().map(|b| b - b'0').collect();
            d[pos] = (d[pos] + delta) % 10;
            let changed = to_string(&d);
            prop_assert!(validate_cedula(&changed).is_err(), "{} accepted", changed);
        }

        #[test]
        fn made_company_rucs_are_valid(province in 1u8..=24, body in 0u32..1_000_000) {
            let r = make_company_ruc(province, body);
            prop_assert_eq!(validate_ruc(&r), Ok(r.clone()));
            prop_assert_eq!(guess_kind(&r), IdKind::Ruc);
        }

        #[test]
        fn validation_never_panics(s in "\\PC{0,24}") {
            let _ = validate_cedula(&s);
            let _ = validate_ruc(&s);
            let _ = validate_passport(&s);
            let _ = guess_kind(&s);
        }
    }
}
