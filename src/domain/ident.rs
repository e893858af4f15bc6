//! Identification numbers of Ecuador: cédula, RUC, passport.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// The kind of identification document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdKind {
    Cedula,
    Ruc,
    Passport,
}

impl IdKind {
    pub fn code(self) -> &'static str {
        match self {
            IdKind::Cedula => "cedula",
            IdKind::Ruc => "ruc",
            IdKind::Passport => "passport",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (IdKind::Cedula, _) => "Cédula",
            (IdKind::Ruc, _) => "RUC",
            (IdKind::Passport, Lang::Es) => "Pasaporte",
            (IdKind::Passport, Lang::En) => "Passport",
        }
    }
}

/// What is wrong with an identification number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("the identification number is empty")]
    Empty,
    #[error("a {kind} must have {expected} digits; this one has {found}")]
    Length {
        kind: &'static str,
        expected: usize,
        found: usize,
    },
    #[error("only digits are allowed")]
    NotDigits,
    #[error("{0:02} is not a province code (01-24, or 30 abroad)")]
    Province(u8),
    #[error("the third digit {0} is not valid here")]
    ThirdDigit(u8),
    #[error("the check digit should be {expected}, not {found}")]
    CheckDigit { expected: u8, found: u8 },
    #[error("the establishment number cannot be zero")]
    Establishment,
    #[error("a passport number has 5 to 20 letters and digits")]
    Passport,
}

impl IdError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (IdError::Empty, Lang::Es) => "Falta el número de identificación.".into(),
            (IdError::Empty, Lang::En) => "The identification number is missing.".into(),
            (
                IdError::Length {
                    kind,
                    expected,
                    found,
                },
                Lang::Es,
            ) => {
                let k = if *kind == "cedula" {
                    "La cédula"
                } else {
                    "El RUC"
                };
                format!("{k} debe tener {expected} dígitos; tiene {found}.")
            }
            (
                IdError::Length {
                    kind,
                    expected,
                    found,
                },
                Lang::En,
            ) => {
                let k = if *kind == "cedula" {
                    "A cédula"
                } else {
                    "A RUC"
                };
                format!("{k} must have {expected} digits; this one has {found}.")
            }
            (IdError::NotDigits, Lang::Es) => "Solo se permiten dígitos.".into(),
            (IdError::NotDigits, Lang::En) => "Only digits are allowed.".into(),
            (IdError::Province(p), Lang::Es) => {
                format!("{p:02} no es un código de provincia (01 a 24, o 30 para el exterior).")
            }
            (IdError::Province(p), Lang::En) => {
                format!("{p:02} is not a province code (01 to 24, or 30 for abroad).")
            }
            (IdError::ThirdDigit(d), Lang::Es) => format!("El tercer dígito ({d}) no es válido."),
            (IdError::ThirdDigit(d), Lang::En) => format!("The third digit ({d}) is not valid."),
            (IdError::CheckDigit { expected, found }, Lang::Es) => format!(
                "El dígito verificador no coincide (debería ser {expected}, es {found}): revise el número."
            ),
            (IdError::CheckDigit { expected, found }, Lang::En) => format!(
                "The check digit does not match (it should be {expected}, it is {found}): check the number."
            ),
            (IdError::Establishment, Lang::Es) => {
                "El número de establecimiento del RUC no puede ser cero.".into()
            }
            (IdError::Establishment, Lang::En) => {
                "The RUC's establishment number cannot be zero.".into()
            }
            (IdError::Passport, Lang::Es) => {
                "Un pasaporte tiene de 5 a 20 letras y dígitos.".into()
            }
            (IdError::Passport, Lang::En) => {
                "A passport number has 5 to 20 letters and digits.".into()
            }
        }
    }
}

fn digits(s: &str, kind: &'static str, expected: usize) -> Result<Vec<u8>, IdError> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect();
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(IdError::NotDigits);
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

fn check_province(d: &[u8]) -> Result<(), IdError> {
    let p = d[0] * 10 + d[1];
    if (1..=24).contains(&p) || p == 30 {
        Ok(())
    } else {
        Err(IdError::Province(p))
    }
}

/// The cédula check digit of its first nine digits (coefficients 2,1,2,1...,
/// products over 9 reduced by 9, check = (10 - sum mod 10) mod 10).
pub fn cedula_check_digit(first_nine: &[u8; 9]) -> u8 {
    let sum: u32 = first_nine
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let p = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            if p > 9 { p - 9 } else { p }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

fn cedula_digits(d: &[u8]) -> Result<(), IdError> {
    check_province(d)?;
    if d[2] >= 6 {
        return Err(IdError::ThirdDigit(d[2]));
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

/// Validates a cédula; returns it normalised (spaces and dashes removed).
pub fn validate_cedula(s: &str) -> Result<String, IdError> {
    let d = digits(s, "cedula", 10)?;
    cedula_digits(&d)?;
    Ok(d.iter().map(|x| char::from(b'0' + x)).collect())
}

fn mod11(d: &[u8], coefficients: &[u32]) -> Option<u8> {
    let sum: u32 = d
        .iter()
        .zip(coefficients)
        .map(|(&x, &c)| u32::from(x) * c)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c as u8),
    }
}

/// Validates a RUC (natural person, private company or association, public
/// entity); returns it normalised.
pub fn validate_ruc(s: &str) -> Result<String, IdError> {
    let d = digits(s, "ruc", 13)?;
    check_province(&d)?;
    match d[2] {
        0..=5 => {
            cedula_digits(&d[..10])?;
            if d[10..] == [0, 0, 0] {
                return Err(IdError::Establishment);
            }
        }
        9 => {
            let expected = mod11(&d[..9], &[4, 3, 2, 7, 6, 5, 4, 3, 2]);
            match expected {
                Some(e) if e == d[9] => {}
                Some(e) => {
                    return Err(IdError::CheckDigit {
                        expected: e,
                        found: d[9],
                    });
                }
                None => {
                    return Err(IdError::CheckDigit {
                        expected: 10,
                        found: d[9],
                    });
                }
            }
            if d[10..] == [0, 0, 0] {
                return Err(IdError::Establishment);
            }
        }
        6 => {
            let expected = mod11(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]);
            match expected {
                Some(e) if e == d[8] => {}
                Some(e) => {
                    return Err(IdError::CheckDigit {
                        expected: e,
                        found: d[8],
                    });
                }
                None => {
                    return Err(IdError::CheckDigit {
                        expected: 10,
                        found: d[8],
                    });
                }
            }
            if d[9..] == [0, 0, 0, 0] {
                return Err(IdError::Establishment);
            }
        }
        other => return Err(IdError::ThirdDigit(other)),
    }
    Ok(d.iter().map(|x| char::from(b'0' + x)).collect())
}

/// Validates a passport number: 5-20 letters and digits; returns it upper-cased.
pub fn validate_passport(s: &str) -> Result<String, IdError> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .collect();
    if t.is_empty() {
        return Err(IdError::Empty);
    }
    if !(5..=20).contains(&t.chars().count()) || !t.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(IdError::Passport);
    }
    Ok(t.to_uppercase())
}

pub fn validate_id(kind: IdKind, s: &str) -> Result<String, IdError> {
    match kind {
        IdKind::Cedula => validate_cedula(s),
        IdKind::Ruc => validate_ruc(s),
        IdKind::Passport => validate_passport(s),
    }
}

/// 10 digits: cédula; 13 digits: RUC; anything else: passport.
pub fn guess_kind(s: &str) -> IdKind {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect();
    let all_digits = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    match (all_digits, t.len()) {
        (true, 10) => IdKind::Cedula,
        (true, 13) => IdKind::Ruc,
        // Digits of another length are a mistyped cédula, not a passport.
        (true, _) => IdKind::Cedula,
        _ => IdKind::Passport,
    }
}

/// A valid cédula from a province (1-24) and a 7-digit body (third digit < 6).
pub fn make_cedula(province: u8, body: u32) -> String {
    let p = province.clamp(1, 24);
    let b = body % 6_000_000;
    let mut nine = [0u8; 9];
    nine[0] = p / 10;
    nine[1] = p % 10;
    let mut x = b;
    for i in (2..9).rev() {
        nine[i] = (x % 10) as u8;
        x /= 10;
    }
    let c = cedula_check_digit(&nine);
    let mut s: String = nine.iter().map(|d| char::from(b'0' + d)).collect();
    s.push(char::from(b'0' + c));
    s
}

/// A valid RUC of a private company or association (third digit 9) from a
/// province (1-24) and a 6-digit body.
pub fn make_company_ruc(province: u8, body: u32) -> String {
    let p = province.clamp(1, 24);
    let mut b = body % 1_000_000;
    loop {
        let mut d = [0u8; 9];
        d[0] = p / 10;
        d[1] = p % 10;
        d[2] = 9;
        let mut x = b;
        for i in (3..9).rev() {
            d[i] = (x % 10) as u8;
            x /= 10;
        }
        if let Some(c) = mod11(&d, &[4, 3, 2, 7, 6, 5, 4, 3, 2]) {
            let mut s: String = d.iter().map(|v| char::from(b'0' + v)).collect();
            s.push(char::from(b'0' + c));
            s.push_str("001");
            return s;
        }
        b = (b + 1) % 1_000_000;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_cedulas() {
        assert_eq!(validate_cedula("1710034065"), Ok("1710034065".to_string()));
        assert_eq!(validate_cedula("171003406-5"), Ok("1710034065".to_string()));
        assert_eq!(
            validate_cedula("1710034066"),
            Err(IdError::CheckDigit {
                expected: 5,
                found: 6
            })
        );
        assert_eq!(validate_cedula("9910034065"), Err(IdError::Province(99)));
        assert_eq!(validate_cedula("1770034065"), Err(IdError::ThirdDigit(7)));
        assert_eq!(
            validate_cedula("171003406"),
            Err(IdError::Length {
                kind: "cedula",
                expected: 10,
                found: 9
            })
        );
        assert_eq!(validate_cedula("17100340AB"), Err(IdError::NotDigits));
        assert_eq!(validate_cedula(""), Err(IdError::Empty));
    }

    #[test]
    fn rucs() {
        assert_eq!(
            validate_ruc("1710034065001"),
            Ok("1710034065001".to_string())
        );
        assert_eq!(validate_ruc("1710034065000"), Err(IdError::Establishment));
        assert!(validate_ruc("1790011674001").is_ok(), "a company RUC");
        assert!(matches!(
            validate_ruc("1790011675001"),
            Err(IdError::CheckDigit { .. })
        ));
        assert!(
            matches!(validate_ruc("1760001550001"), Ok(_)),
            "a public entity RUC"
        );
        assert!(matches!(
            validate_ruc("1780011674001"),
            Err(IdError::ThirdDigit(8))
        ));
    }

    #[test]
    fn passports_and_guessing() {
        assert_eq!(validate_passport(" ab-12345 "), Ok("AB12345".to_string()));
        assert_eq!(validate_passport("A1"), Err(IdError::Passport));
        assert_eq!(guess_kind("1710034065"), IdKind::Cedula);
        assert_eq!(guess_kind("1790011674001"), IdKind::Ruc);
        assert_eq!(guess_kind("AB12345"), IdKind::Passport);
        assert_eq!(guess_kind("171003406"), IdKind::Cedula);
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
    }

    proptest! {
        #[test]
        fn made_cedulas_are_valid(province in 1u8..=24, body in 0u32..10_000_000) {
            let c = make_cedula(province, body);
            prop_assert_eq!(validate_cedula(&c), Ok(c.clone()));
            prop_assert_eq!(guess_kind(&c), IdKind::Cedula);
        }

        #[test]
        fn made_company_rucs_are_valid(province in 1u8..=24, body in 0u32..1_000_000) {
            let r = make_company_ruc(province, body);
            prop_assert_eq!(validate_ruc(&r), Ok(r.clone()));
        }

        #[test]
        fn validation_never_panics(s in "\\PC{0,20}") {
            let _ = validate_cedula(&s);
            let _ = validate_ruc(&s);
            let _ = validate_passport(&s);
        }
    }
}
