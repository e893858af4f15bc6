//! Every table of a book, in one place. A table's name carries its version:
//! a change to a key or value layout is a new name and a migration.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use redb::{Key, ReadOnlyTable, ReadTransaction, TableDefinition, TableError, TableHandle, Value};

/// Every table a read transaction has opened, each opened once and held for
/// the transaction's life (as iroh-docs' `Tables`): the reads of a
/// [`super::ReadTx`] all go through it. A table is opened the first time a
/// read needs it, so a book made before a table existed still opens. A write
/// transaction does not hold its tables: its writes open them mutably, which
/// redb allows once at a time.
#[derive(Default)]
pub struct Tables {
    opened: RefCell<Vec<(String, Rc<dyn Any>)>>,
}

impl Tables {
    /// The table `def` of `tx`, opened on first use.
    pub(crate) fn open<K: Key + 'static, V: Value + 'static>(
        &self,
        tx: &ReadTransaction,
        def: TableDefinition<K, V>,
    ) -> Result<Rc<ReadOnlyTable<K, V>>, TableError> {
        if let Some(held) = self
            .opened
            .borrow()
            .iter()
            .find(|(n, _)| n == def.name())
            .and_then(|(_, t)| t.clone().downcast::<ReadOnlyTable<K, V>>().ok())
        {
            return Ok(held);
        }
        let table = Rc::new(tx.open_table(def)?);
        self.opened
            .borrow_mut()
            .push((def.name().to_string(), table.clone()));
        Ok(table)
    }
}

/// Book-wide facts. Key: a name; value: postcard bytes.
/// Keys: `format` (the bytes `ayni-book`), `schema_version` (u32),
/// `settings` ([`crate::domain::settings::Settings`]), `chain_head` ([u8; 32], hash of the
/// last entry), `next_entry_id` (u64), `next_member_id` (u32), `closed_through`
/// (u32 month key of the last closed month), `created_at` (i64 seconds).
pub const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta_v1");

/// The chart of accounts. Key: account code; value: postcard
/// [`crate::domain::account::Account`].
pub const ACCOUNTS: TableDefinition<&str, &[u8]> = TableDefinition::new("accounts_v1");

/// The journal. Key: entry number; value: postcard [`crate::domain::entry::Entry`].
pub const ENTRIES: TableDefinition<u64, &[u8]> = TableDefinition::new("entries_v1");

/// Entries by date. Key: (day number of the entry's date, entry number); value: none.
pub const ENTRIES_BY_DATE: TableDefinition<(i32, u64), ()> =
    TableDefinition::new("entries_by_date_v1");

/// Entries by account. Key: (account code, day number, entry number); value: none.
pub const ENTRIES_BY_ACCOUNT: TableDefinition<(&str, i32, u64), ()> =
    TableDefinition::new("entries_by_account_v1");

/// Entries by member. Key: (member number, day number, entry number); value: none.
pub const ENTRIES_BY_MEMBER: TableDefinition<(u32, i32, u64), ()> =
    TableDefinition::new("entries_by_member_v1");

/// Which entry reversed which. Key: reversed entry number; value: reversing entry number.
pub const REVERSED_BY: TableDefinition<u64, u64> = TableDefinition::new("reversed_by_v1");

/// Maintained totals, written in the same transaction as each entry.
/// Key: (account code, month key); value: (debit cents, credit cents) of that month.
pub const ACCOUNT_MONTH_TOTALS: TableDefinition<(&str, u32), (i64, i64)> =
    TableDefinition::new("account_month_totals_v1");

/// Maintained member subledger balances (schema 2). Key: (member number, account code);
/// value: (debit cents, credit cents) of all time.
pub const MEMBER_ACCOUNT_TOTALS: TableDefinition<(u32, &str), (i64, i64)> =
    TableDefinition::new("member_account_totals_v1");

/// Members. Key: member number; value: postcard [`crate::domain::member::Member`].
pub const MEMBERS: TableDefinition<u32, &[u8]> = TableDefinition::new("members_v1");

/// Unique index of identification numbers. Key: normalised number; value: member number.
pub const MEMBER_BY_ID_NUMBER: TableDefinition<&str, u32> =
    TableDefinition::new("member_by_id_number_v1");

/// Closed months. Key: month key; value: postcard [`crate::store::ClosedMonth`].
pub const CLOSED_MONTHS: TableDefinition<u32, &[u8]> = TableDefinition::new("closed_months_v1");

/// Dues and contribution charge types. Key: type number; value: postcard
/// [`crate::domain::dues::ChargeType`].
pub const CHARGE_TYPES: TableDefinition<u32, &[u8]> = TableDefinition::new("charge_types_v1");

/// Charges owed by members. Key: (member number, month key, type number);
/// value: (amount, paid, waived) in cents.
pub const CHARGES: TableDefinition<(u32, u32, u32), (i64, i64, i64)> =
    TableDefinition::new("charges_v1");

/// Charges with something still to pay (the arrears index). Key: (member number,
/// month key, type number); value: cents still due. Kept in step with `charges_v1`.
pub const CHARGES_OWED: TableDefinition<(u32, u32, u32), i64> =
    TableDefinition::new("charges_owed_v1");

/// Receipts of dues payments. Key: receipt number; value: postcard
/// [`crate::books::dues::Receipt`].
pub const RECEIPTS: TableDefinition<u64, &[u8]> = TableDefinition::new("receipts_v1");

/// Which receipt an entry belongs to. Key: entry number; value: receipt number.
pub const RECEIPT_BY_ENTRY: TableDefinition<u64, u64> = TableDefinition::new("receipt_by_entry_v1");

/// Waivers (exoneraciones). Key: waiver number; value: postcard [`crate::books::dues::Waiver`].
pub const WAIVERS: TableDefinition<u64, &[u8]> = TableDefinition::new("waivers_v1");

/// Maintained dues totals per month, for the collection rate. Key: month key;
/// value: (charged, paid, waived) cents of the charges of that month.
pub const DUES_MONTH_TOTALS: TableDefinition<u32, (i64, i64, i64)> =
    TableDefinition::new("dues_month_totals_v1");

/// Savings products. Key: product number; value: postcard [`crate::domain::savings::SavingsProduct`].
pub const SAVINGS_PRODUCTS: TableDefinition<u32, &[u8]> =
    TableDefinition::new("savings_products_v1");

/// Savings accounts. Key: account number; value: postcard [`crate::domain::savings::SavingsAccount`]
/// (its balance and blocked amount maintained with each movement).
pub const SAVINGS_ACCOUNTS: TableDefinition<u32, &[u8]> =
    TableDefinition::new("savings_accounts_v1");

/// A member's savings accounts. Key: (member number, account number); value: none.
pub const SAVINGS_BY_MEMBER: TableDefinition<(u32, u32), ()> =
    TableDefinition::new("savings_by_member_v1");

/// Savings movements. Key: (account number, day number, entry number); value: postcard
/// [`crate::domain::savings::SavingsMove`].
pub const SAVINGS_MOVES: TableDefinition<(u32, i32, u64), &[u8]> =
    TableDefinition::new("savings_moves_v1");

/// Movements an entry made. Key: (entry number, account number); value: day number.
pub const SAVINGS_MOVES_BY_ENTRY: TableDefinition<(u64, u32), i32> =
    TableDefinition::new("savings_moves_by_entry_v1");

/// Months whose savings interest was posted. Key: month key; value: entry number.
pub const SAVINGS_INTEREST: TableDefinition<u32, u64> = TableDefinition::new("savings_interest_v1");

/// Solidarity fund grants. Key: grant number; value: postcard [`crate::domain::savings::FundGrant`].
pub const FUND_GRANTS: TableDefinition<u64, &[u8]> = TableDefinition::new("fund_grants_v1");

/// Loan products. Key: product number; value: postcard [`crate::domain::loan::LoanProduct`].
pub const LOAN_PRODUCTS: TableDefinition<u32, &[u8]> = TableDefinition::new("loan_products_v1");

/// Loans, with their schedule and what was paid of each installment. Key: loan
/// number; value: postcard [`crate::domain::loan::Loan`].
pub const LOANS: TableDefinition<u32, &[u8]> = TableDefinition::new("loans_v1");

/// A member's loans. Key: (member number, loan number); value: none.
pub const LOANS_BY_MEMBER: TableDefinition<(u32, u32), ()> =
    TableDefinition::new("loans_by_member_v1");

/// Loan operations by entry, for statements and reversals. Key: entry number;
/// value: postcard [`crate::books::loans::LoanEvent`].
pub const LOAN_EVENTS: TableDefinition<u64, &[u8]> = TableDefinition::new("loan_events_v1");

/// A loan's operations. Key: (loan number, entry number); value: none.
pub const LOAN_EVENTS_BY_LOAN: TableDefinition<(u32, u64), ()> =
    TableDefinition::new("loan_events_by_loan_v1");

/// Charges known complete: member -> (month key, fingerprint). Every charge
/// due to the member through that month is stored in [`CHARGES`], as long as
/// the member's record and the charge types still have the fingerprint (see
/// `books::dues`). Lets payments and closes look only at recent months.
/// Created on first write (books made before it simply have no entries).
pub const CHARGES_COMPLETE: TableDefinition<u32, (u32, u64)> =
    TableDefinition::new("charges_complete_v1");

/// Maintained all-time totals per account (schema 3), written in the same
/// transaction as each entry. Key: account code; value: (debit cents, credit
/// cents) of all time. Bounds every other figure of the account (each is at
/// most [`crate::domain::money::MAX_CENTS`]) and gives a cash account's balance today.
pub const ACCOUNT_TOTALS: TableDefinition<&str, (i64, i64)> =
    TableDefinition::new("account_totals_v1");

/// Net movement per day of each cash and bank account (the accounts of group
/// 11, schema 3), written in the same transaction as each entry. Key: (account
/// code, day number); value: debit minus credit cents of that day. A posting
/// that takes money out reads it from its own date on, to keep every later
/// day's balance at zero or above.
pub const CASH_DAY_TOTALS: TableDefinition<(&str, i32), i64> =
    TableDefinition::new("cash_day_totals_v1");

/// Dues and contributions collected in advance, still held in the liability
/// (`codes::ADVANCE_COLLECTIONS`) until the month of their charge. Key: (month key
/// of the charge, member number, type number, receipt number); value: cents.
/// Written by a payment that pays a later month than its own, removed when
/// that month's charges are generated (the amount moves to the charge's
/// account) or the payment is reversed. Created on first write (books made
/// before it simply have no entries).
pub const DUES_ADVANCES: TableDefinition<(u32, u32, u32, u64), i64> =
    TableDefinition::new("dues_advances_v1");

/// Seals of the records that figures and reports depend on (schema 4): what
/// the journal's hash chain is to entries. Key: (sealed table, the record's
/// key as bytes, see `store::seal`); value: SHA-256 of the table, key and the
/// record's stored bytes. Written with the record, in the same transaction.
pub const SEALS: TableDefinition<(&str, &[u8]), [u8; 32]> = TableDefinition::new("seals_v1");

/// The counter's visits. Key: receipt number (shared with `receipts_v1`: a
/// visit that paid dues has its dues receipt under the same number); value:
/// postcard [`crate::domain::visit::Visit`]. Created on first write.
pub const VISITS: TableDefinition<u64, &[u8]> = TableDefinition::new("visits_v1");

/// Which visit an entry belongs to. Key: entry number; value: receipt number.
pub const VISIT_BY_ENTRY: TableDefinition<u64, u64> = TableDefinition::new("visit_by_entry_v1");
