//! Seals over the records that figures and reports depend on (issue 15).
//!
//! The hash chain covers the journal only; a member's identification, a
//! loan's late rate, a charge or the settings edited in the file would flow
//! unnoticed into S01 and the late interest. Every write of such a record
//! also writes its seal (SHA-256 of the table's name, the record's key and
//! its stored bytes) in the same transaction, and `ayni check` recomputes
//! every seal and names the record that differs. Books made before schema 4
//! get their seals from the migration, after the pre-migration backup.

use sha2::{Digest, Sha256};

/// The sealed tables, by the name a seal's key carries.
pub const MEMBERS: &str = "members";
pub const LOANS: &str = "loans";
pub const LOAN_PRODUCTS: &str = "loan_products";
pub const SAVINGS_PRODUCTS: &str = "savings_products";
pub const CHARGE_TYPES: &str = "charge_types";
pub const CHARGES: &str = "charges";
pub const SETTINGS: &str = "settings";

/// The sealed table a postcard table of `u32` keys is, by its redb name.
pub fn u32_table(redb_name: &str) -> Option<&'static str> {
    Some(match redb_name {
        "members_v1" => MEMBERS,
        "loans_v1" => LOANS,
        "loan_products_v1" => LOAN_PRODUCTS,
        "savings_products_v1" => SAVINGS_PRODUCTS,
        "charge_types_v1" => CHARGE_TYPES,
        _ => return None,
    })
}

/// The sealed table a copy's short table name (see `copy::CopyEdit`) is.
pub fn copy_table(name: &str) -> Option<&'static str> {
    Some(match name {
        "members" => MEMBERS,
        "loans" => LOANS,
        "loan_products" => LOAN_PRODUCTS,
        "savings_products" => SAVINGS_PRODUCTS,
        "charge_types" => CHARGE_TYPES,
        _ => return None,
    })
}

/// A charge's key as bytes: member, month key, type (little-endian each).
pub fn charge_key(member: u32, month: u32, ty: u32) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..4].copy_from_slice(&member.to_le_bytes());
    k[4..8].copy_from_slice(&month.to_le_bytes());
    k[8..].copy_from_slice(&ty.to_le_bytes());
    k
}

/// A charge's value as bytes: amount, paid, waived (little-endian each).
pub fn charge_value(v: (i64, i64, i64)) -> [u8; 24] {
    let mut b = [0u8; 24];
    b[..8].copy_from_slice(&v.0.to_le_bytes());
    b[8..16].copy_from_slice(&v.1.to_le_bytes());
    b[16..].copy_from_slice(&v.2.to_le_bytes());
    b
}

/// The seal of one record.
pub fn digest(table: &str, key: &[u8], value: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"ayni-seal-v1\0");
    h.update(table.as_bytes());
    h.update([0u8]);
    h.update((key.len() as u64).to_le_bytes());
    h.update(key);
    h.update(value);
    h.finalize().into()
}

/// Which sealed record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sealed {
    Member(u32),
    Loan(u32),
    LoanProduct(u32),
    SavingsProduct(u32),
    ChargeType(u32),
    /// (member, month key, type).
    Charge(u32, u32, u32),
    Settings,
    /// A seal whose key this build cannot place.
    Unknown(String),
}

impl Sealed {
    /// From a seal's key.
    pub fn from_key(table: &str, key: &[u8]) -> Sealed {
        let u = |b: &[u8]| -> Option<u32> { Some(u32::from_le_bytes(b.try_into().ok()?)) };
        let one = u(key);
        match (table, one) {
            (MEMBERS, Some(n)) => Sealed::Member(n),
            (LOANS, Some(n)) => Sealed::Loan(n),
            (LOAN_PRODUCTS, Some(n)) => Sealed::LoanProduct(n),
            (SAVINGS_PRODUCTS, Some(n)) => Sealed::SavingsProduct(n),
            (CHARGE_TYPES, Some(n)) => Sealed::ChargeType(n),
            (SETTINGS, _) => Sealed::Settings,
            (CHARGES, _) if key.len() == 12 => match (u(&key[..4]), u(&key[4..8]), u(&key[8..])) {
                (Some(m), Some(mo), Some(t)) => Sealed::Charge(m, mo, t),
                _ => Sealed::Unknown(table.to_string()),
            },
            _ => Sealed::Unknown(table.to_string()),
        }
    }
}

/// What is wrong with a record's seal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SealFault {
    /// The record's bytes are not the ones sealed: changed outside ayni.
    Changed,
    /// A record without a seal: added outside ayni.
    Unsealed,
    /// A seal without its record: removed outside ayni.
    Removed,
}

/// One record whose seal does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealProblem {
    pub record: Sealed,
    pub fault: SealFault,
}

/// What [`super::StoreRead::verify_seals`] found: the first problems, how
/// many there are in all, and how many records were read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verified {
    pub problems: Vec<SealProblem>,
    /// Every problem, the ones not kept too.
    pub count: usize,
    pub records: usize,
}

impl Verified {
    /// One more problem, kept while fewer than `keep` are.
    pub fn push(&mut self, p: SealProblem, keep: usize) {
        self.count += 1;
        if self.problems.len() < keep {
            self.problems.push(p);
        }
    }
}
