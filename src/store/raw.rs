//! Raw access to stored values, for tests that simulate a damaged file
//! (the fuzz tests overwrite values with random bytes and check that every
//! read gives an error, never a panic). Not used by ayni itself.

use redb::{Key, ReadableTable, TableDefinition, Value};

use super::tables::*;
use super::{StoreError, WriteTx, db_err};

/// The key of a stored value, in the shapes the tables use.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawKey {
    U32(u32),
    U64(u64),
    Str(String),
    /// `savings_moves_v1`: (account number, day number, entry number).
    SavingsMove(u32, i32, u64),
    /// Tables whose values are fixed-width numbers, rewritten with a given value.
    Totals(TotalsKey),
}

/// Keys of the tables whose values are numbers maintained by ayni (totals,
/// charges): their damage is a wrong number rather than undecodable bytes.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TotalsKey {
    /// `account_month_totals_v1`: (account code, month key).
    AccountMonth(String, u32),
    /// `member_account_totals_v1`: (member number, account code).
    MemberAccount(u32, String),
    /// `charges_v1`: (member number, month key, type number).
    Charge(u32, u32, u32),
    /// `dues_month_totals_v1`: month key.
    DuesMonth(u32),
    /// `account_totals_v1`: account code.
    Account(String),
    /// `cash_day_totals_v1`: (account code, day number).
    CashDay(String, i32),
    /// `dues_advances_v1`: (month key, member number, type number, receipt number).
    Advance(u32, u32, u32, u64),
}

/// Every table whose values are postcard bytes (plus the numeric totals),
/// by name: what a test may damage.
#[doc(hidden)]
pub const RAW_TABLES: [&str; 23] = [
    "meta_v1",
    "accounts_v1",
    "entries_v1",
    "members_v1",
    "closed_months_v1",
    "charge_types_v1",
    "receipts_v1",
    "waivers_v1",
    "savings_products_v1",
    "savings_accounts_v1",
    "savings_moves_v1",
    "fund_grants_v1",
    "loan_products_v1",
    "loans_v1",
    "loan_events_v1",
    "account_month_totals_v1",
    "member_account_totals_v1",
    "charges_v1",
    "dues_month_totals_v1",
    "charges_complete_v1",
    "account_totals_v1",
    "cash_day_totals_v1",
    "dues_advances_v1",
];

fn u32_table(name: &str) -> Option<TableDefinition<'static, u32, &'static [u8]>> {
    Some(match name {
        "members_v1" => MEMBERS,
        "closed_months_v1" => CLOSED_MONTHS,
        "charge_types_v1" => CHARGE_TYPES,
        "savings_products_v1" => SAVINGS_PRODUCTS,
        "savings_accounts_v1" => SAVINGS_ACCOUNTS,
        "loan_products_v1" => LOAN_PRODUCTS,
        "loans_v1" => LOANS,
        _ => return None,
    })
}

fn u64_table(name: &str) -> Option<TableDefinition<'static, u64, &'static [u8]>> {
    Some(match name {
        "entries_v1" => ENTRIES,
        "receipts_v1" => RECEIPTS,
        "waivers_v1" => WAIVERS,
        "fund_grants_v1" => FUND_GRANTS,
        "loan_events_v1" => LOAN_EVENTS,
        _ => return None,
    })
}

fn str_table(name: &str) -> Option<TableDefinition<'static, &'static str, &'static [u8]>> {
    Some(match name {
        "meta_v1" => META,
        "accounts_v1" => ACCOUNTS,
        _ => return None,
    })
}

fn unknown(table: &str) -> StoreError {
    StoreError::Db(format!("no raw access to table {table}"))
}

/// The value of a numeric table as bytes: the little-endian numbers, in order.
fn numbers_to_bytes(ns: &[i64]) -> Vec<u8> {
    ns.iter().flat_map(|n| n.to_le_bytes()).collect()
}

/// Numbers from bytes (missing bytes read as zero), `n` of them.
fn bytes_to_numbers(bytes: &[u8], n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let mut b = [0u8; 8];
            for (j, slot) in b.iter_mut().enumerate() {
                *slot = bytes.get(i * 8 + j).copied().unwrap_or(0);
            }
            i64::from_le_bytes(b)
        })
        .collect()
}

impl WriteTx {
    /// Every key and value of a table (numeric values as little-endian bytes).
    #[doc(hidden)]
    pub fn raw_values(&self, table: &str) -> Result<Vec<(RawKey, Vec<u8>)>, StoreError> {
        let bytes = |v: &[u8]| v.to_vec();
        if let Some(def) = u32_table(table) {
            let t = self.0.open_table(def).map_err(db_err)?;
            return raw_rows(&t, |k, v| (RawKey::U32(k), bytes(v)));
        }
        if let Some(def) = u64_table(table) {
            let t = self.0.open_table(def).map_err(db_err)?;
            return raw_rows(&t, |k, v| (RawKey::U64(k), bytes(v)));
        }
        if let Some(def) = str_table(table) {
            let t = self.0.open_table(def).map_err(db_err)?;
            return raw_rows(&t, |k, v| (RawKey::Str(k.to_string()), bytes(v)));
        }
        match table {
            "savings_moves_v1" => raw_rows(
                &self.0.open_table(SAVINGS_MOVES).map_err(db_err)?,
                |(a, d, e), v| (RawKey::SavingsMove(a, d, e), bytes(v)),
            ),
            "account_month_totals_v1" => raw_rows(
                &self.0.open_table(ACCOUNT_MONTH_TOTALS).map_err(db_err)?,
                |(code, m), (d, c)| {
                    let key = TotalsKey::AccountMonth(code.to_string(), m);
                    (RawKey::Totals(key), numbers_to_bytes(&[d, c]))
                },
            ),
            "member_account_totals_v1" => raw_rows(
                &self.0.open_table(MEMBER_ACCOUNT_TOTALS).map_err(db_err)?,
                |(m, code), (d, c)| {
                    let key = TotalsKey::MemberAccount(m, code.to_string());
                    (RawKey::Totals(key), numbers_to_bytes(&[d, c]))
                },
            ),
            "charges_v1" => raw_rows(
                &self.0.open_table(CHARGES).map_err(db_err)?,
                |(m, mo, ty), (a, p, w)| {
                    let key = TotalsKey::Charge(m, mo, ty);
                    (RawKey::Totals(key), numbers_to_bytes(&[a, p, w]))
                },
            ),
            "dues_month_totals_v1" => raw_rows(
                &self.0.open_table(DUES_MONTH_TOTALS).map_err(db_err)?,
                |mo, (a, p, w)| {
                    let key = TotalsKey::DuesMonth(mo);
                    (RawKey::Totals(key), numbers_to_bytes(&[a, p, w]))
                },
            ),
            "account_totals_v1" => raw_rows(
                &self.0.open_table(ACCOUNT_TOTALS).map_err(db_err)?,
                |code, (d, c)| {
                    let key = TotalsKey::Account(code.to_string());
                    (RawKey::Totals(key), numbers_to_bytes(&[d, c]))
                },
            ),
            "cash_day_totals_v1" => raw_rows(
                &self.0.open_table(CASH_DAY_TOTALS).map_err(db_err)?,
                |(code, day), net| {
                    let key = TotalsKey::CashDay(code.to_string(), day);
                    (RawKey::Totals(key), numbers_to_bytes(&[net]))
                },
            ),
            // Created on first write: a book may not have it yet.
            "charges_complete_v1" => match self.0.open_table(CHARGES_COMPLETE) {
                Ok(t) => raw_rows(&t, |k, (m, fp)| {
                    (RawKey::U32(k), numbers_to_bytes(&[i64::from(m), fp as i64]))
                }),
                Err(_) => Ok(Vec::new()),
            },
            // Created on first write too.
            "dues_advances_v1" => match self.0.open_table(DUES_ADVANCES) {
                Ok(t) => raw_rows(&t, |(mo, m, ty, n), cents| {
                    let key = TotalsKey::Advance(mo, m, ty, n);
                    (RawKey::Totals(key), numbers_to_bytes(&[cents]))
                }),
                Err(_) => Ok(Vec::new()),
            },
            _ => Err(unknown(table)),
        }
    }

    /// Overwrites (or adds) one stored value with the given bytes, bypassing
    /// every check: simulates a file damaged outside ayni. Numeric tables take
    /// their numbers from the bytes (little-endian, missing bytes zero).
    #[doc(hidden)]
    /// Deletes a record of a table keyed by a `u32` (members, loans, ...).
    pub fn raw_delete_u32(&self, table: &str, key: u32) -> Result<(), StoreError> {
        let def = u32_table(table).ok_or_else(|| unknown(table))?;
        let mut t = self.0.open_table(def).map_err(db_err)?;
        t.remove(key).map_err(db_err)?;
        Ok(())
    }

    pub fn raw_put(&self, table: &str, key: &RawKey, bytes: &[u8]) -> Result<(), StoreError> {
        match key {
            RawKey::U32(k) if table == "charges_complete_v1" => {
                let n = bytes_to_numbers(bytes, 2);
                let mut t = self.0.open_table(CHARGES_COMPLETE).map_err(db_err)?;
                t.insert(*k, (n[0] as u32, n[1] as u64)).map_err(db_err)?;
            }
            RawKey::U32(k) => {
                let def = u32_table(table).ok_or_else(|| unknown(table))?;
                let mut t = self.0.open_table(def).map_err(db_err)?;
                t.insert(*k, bytes).map_err(db_err)?;
            }
            RawKey::U64(k) => {
                let def = u64_table(table).ok_or_else(|| unknown(table))?;
                let mut t = self.0.open_table(def).map_err(db_err)?;
                t.insert(*k, bytes).map_err(db_err)?;
            }
            RawKey::Str(k) => {
                let def = str_table(table).ok_or_else(|| unknown(table))?;
                let mut t = self.0.open_table(def).map_err(db_err)?;
                t.insert(k.as_str(), bytes).map_err(db_err)?;
            }
            RawKey::SavingsMove(a, d, e) => {
                let mut t = self.0.open_table(SAVINGS_MOVES).map_err(db_err)?;
                t.insert((*a, *d, *e), bytes).map_err(db_err)?;
            }
            RawKey::Totals(k) => match k {
                TotalsKey::AccountMonth(code, m) => {
                    let n = bytes_to_numbers(bytes, 2);
                    let mut t = self.0.open_table(ACCOUNT_MONTH_TOTALS).map_err(db_err)?;
                    t.insert((code.as_str(), *m), (n[0], n[1]))
                        .map_err(db_err)?;
                }
                TotalsKey::MemberAccount(m, code) => {
                    let n = bytes_to_numbers(bytes, 2);
                    let mut t = self.0.open_table(MEMBER_ACCOUNT_TOTALS).map_err(db_err)?;
                    t.insert((*m, code.as_str()), (n[0], n[1]))
                        .map_err(db_err)?;
                }
                TotalsKey::Charge(m, mo, ty) => {
                    let n = bytes_to_numbers(bytes, 3);
                    let mut t = self.0.open_table(CHARGES).map_err(db_err)?;
                    t.insert((*m, *mo, *ty), (n[0], n[1], n[2]))
                        .map_err(db_err)?;
                }
                TotalsKey::DuesMonth(m) => {
                    let n = bytes_to_numbers(bytes, 3);
                    let mut t = self.0.open_table(DUES_MONTH_TOTALS).map_err(db_err)?;
                    t.insert(*m, (n[0], n[1], n[2])).map_err(db_err)?;
                }
                TotalsKey::Account(code) => {
                    let n = bytes_to_numbers(bytes, 2);
                    let mut t = self.0.open_table(ACCOUNT_TOTALS).map_err(db_err)?;
                    t.insert(code.as_str(), (n[0], n[1])).map_err(db_err)?;
                }
                TotalsKey::CashDay(code, day) => {
                    let n = bytes_to_numbers(bytes, 1);
                    let mut t = self.0.open_table(CASH_DAY_TOTALS).map_err(db_err)?;
                    t.insert((code.as_str(), *day), n[0]).map_err(db_err)?;
                }
                TotalsKey::Advance(mo, m, ty, r) => {
                    let n = bytes_to_numbers(bytes, 1);
                    let mut t = self.0.open_table(DUES_ADVANCES).map_err(db_err)?;
                    t.insert((*mo, *m, *ty, *r), n[0]).map_err(db_err)?;
                }
            },
        }
        Ok(())
    }
}

impl WriteTx {
    /// Forgets every seal and marks the book schema 3, as a book made before
    /// seals were (for the migration's tests).
    #[doc(hidden)]
    pub fn raw_as_schema_3(&self) -> Result<(), StoreError> {
        self.0.delete_table(SEALS).map_err(db_err)?;
        self.meta_put("schema_version", &3u32)
    }
}

/// Every row of `t`, in key order, as `row` makes its raw key and bytes.
fn raw_rows<K: Key + 'static, V: Value + 'static>(
    t: &impl ReadableTable<K, V>,
    row: impl Fn(K::SelfType<'_>, V::SelfType<'_>) -> (RawKey, Vec<u8>),
) -> Result<Vec<(RawKey, Vec<u8>)>, StoreError> {
    let mut out = Vec::new();
    for r in t.iter().map_err(db_err)? {
        let (k, v) = r.map_err(db_err)?;
        out.push(row(k.value(), v.value()));
    }
    Ok(out)
}
