//! `ayni check`: proves the books are whole.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;

use crate::domain::money::Money;

use serde::Serialize;

use super::{Book, BookError};
use crate::domain::entry::Side;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::store::StoreRead;

/// One verified property of the book.
#[derive(Clone, Debug, Serialize)]
pub struct CheckItem {
    /// Stable identifier: `balanced`, `chain`, `accounts`, `totals`, `subledgers`, `closed_months`, `dues`, `savings`, `loans`, `provisions`, `cash`, `trial_balance`. `chain` covers the seals of the
    /// records besides the journal (members, loans, products, charges, settings).
    pub name: &'static str,
    pub ok: bool,
    /// What was checked (counts) and, when it failed, the first problem.
    pub detail_es: String,
    pub detail_en: String,
}

impl CheckItem {
    pub fn title(&self, lang: Lang) -> &'static str {
        match (self.name, lang) {
            ("balanced", Lang::Es) => "Cada asiento cuadra (débitos = créditos)",
            ("balanced", Lang::En) => "Every entry balances (debits = credits)",
            ("chain", Lang::Es) => "Cadena de hashes del diario y sellos de los registros intactos",
            ("chain", Lang::En) => "Journal hash chain and record seals intact",
            ("accounts", Lang::Es) => "Cuentas y socios de cada línea existen",
            ("accounts", Lang::En) => "Accounts and members of every line exist",
            ("totals", Lang::Es) => "Totales mantenidos = recálculo desde el diario",
            ("totals", Lang::En) => "Maintained totals = recomputation from the journal",
            ("subledgers", Lang::Es) => "Auxiliares de socios cuadran con sus cuentas de control",
            ("subledgers", Lang::En) => "Member subledgers reconcile to their control accounts",
            ("closed_months", Lang::Es) => "Meses cerrados sin asientos añadidos después",
            ("closed_months", Lang::En) => "Closed months have no entries added afterwards",
            ("dues", Lang::Es) => "Auxiliar de cuotas y aportes cuadra con lo cobrado",
            ("dues", Lang::En) => "Dues subledger reconciles with what was collected",
            ("savings", Lang::Es) => {
                "Cuentas de ahorro cuadran con 2101 y 2105; fondo solidario no negativo"
            }
            ("savings", Lang::En) => {
                "Savings accounts reconcile with 2101 and 2105; solidarity fund not negative"
            }
            ("loans", Lang::Es) => "Cartera de préstamos cuadra con 1404 y 1452",
            ("loans", Lang::En) => "Loan portfolio reconciles with 1404 and 1452",
            ("provisions", Lang::Es) => {
                "Provisión de cartera (1499) = la requerida al último cierre"
            }
            ("provisions", Lang::En) => {
                "Loan-loss provision (1499) = the one required at the last close"
            }
            ("cash", Lang::Es) => "Caja y bancos sin saldo negativo en ningún día",
            ("cash", Lang::En) => "Cash and bank never below zero on any day",
            ("trial_balance", Lang::Es) => "Balance de comprobación cuadra",
            ("trial_balance", Lang::En) => "Trial balance balances",
            (_, Lang::Es) => "Verificación",
            (_, Lang::En) => "Check",
        }
    }
    /// A check that passed.
    pub(crate) fn passed(name: &'static str, es: String, en: String) -> CheckItem {
        item(name, None, es, en)
    }
    /// A check's result: failed with `problem` (Spanish, English), else passed.
    pub(crate) fn result(
        name: &'static str,
        problem: Option<(String, String)>,
        es: String,
        en: String,
    ) -> CheckItem {
        item(name, problem, es, en)
    }
    pub fn detail(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.detail_es,
            Lang::En => &self.detail_en,
        }
    }
}

/// The result of `ayni check`.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub entries: u64,
    pub members: usize,
    pub items: Vec<CheckItem>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.items.iter().all(|i| i.ok)
    }
    /// The first failed check, if any.
    pub fn first_problem(&self) -> Option<&CheckItem> {
        self.items.iter().find(|i| !i.ok)
    }
}

fn item(
    name: &'static str,
    problem: Option<(String, String)>,
    es: String,
    en: String,
) -> CheckItem {
    match problem {
        None => CheckItem {
            name,
            ok: true,
            detail_es: es,
            detail_en: en,
        },
        Some((pes, pen)) => CheckItem {
            name,
            ok: false,
            detail_es: pes,
            detail_en: pen,
        },
    }
}

type Totals = BTreeMap<(String, u32), (i64, i64)>;

/// Every cash and bank account's balance at the end of every day with
/// movement, from the journal's own figures: none below zero.
fn cash_item(days: &BTreeMap<(String, i32), i64>) -> CheckItem {
    let mut problem = None;
    let mut accounts = 0;
    let mut balance = 0i64;
    let mut current: Option<&str> = None;
    for ((code, day), net) in days {
        if current != Some(code.as_str()) {
            current = Some(code.as_str());
            accounts += 1;
            balance = 0;
        }
        balance += net;
        if balance < 0 && problem.is_none() {
            let d = chrono::NaiveDate::from_num_days_from_ce_opt(*day).unwrap_or_default();
            let b = Money::from_cents(balance);
            problem = Some((
                format!(
                    "la cuenta {code} quedó en {} el {}",
                    b.localized(Lang::Es),
                    crate::domain::date::format_date(d, Lang::Es)
                ),
                format!(
                    "account {code} was at {} on {}",
                    b.localized(Lang::En),
                    crate::domain::date::format_date(d, Lang::En)
                ),
            ));
        }
    }
    let n = days.len();
    item(
        "cash",
        problem,
        format!(
            "{n} días con movimiento en {accounts} cuentas de caja y bancos, ninguno en negativo"
        ),
        format!("{n} days with movement in {accounts} cash and bank accounts, none below zero"),
    )
}

/// A sealed record named for a message.
fn sealed_name(r: &crate::store::seal::Sealed) -> (String, String) {
    use crate::store::seal::Sealed::*;
    match r {
        Member(n) => (format!("del socio #{n}"), format!("member #{n}'s record")),
        Loan(n) => (format!("del préstamo #{n}"), format!("loan #{n}'s record")),
        LoanProduct(n) => (
            format!("del producto de préstamo #{n}"),
            format!("loan product #{n}'s record"),
        ),
        SavingsProduct(n) => (
            format!("del producto de ahorro #{n}"),
            format!("savings product #{n}'s record"),
        ),
        ChargeType(n) => (
            format!("del tipo de cuota #{n}"),
            format!("charge type #{n}'s record"),
        ),
        Charge(m, mo, t) => {
            let month = Month::from_key(*mo);
            (
                format!("de la cuota del socio #{m} de {month} (tipo #{t})"),
                format!("the charge of member #{m} for {month} (type #{t})"),
            )
        }
        Settings => (
            "de la configuración del libro".to_string(),
            "the book's settings record".to_string(),
        ),
        Unknown(t) => (format!("de «{t}»"), format!("a record of '{t}'")),
    }
}

/// Every sealed record against its seal: names each one that differs.
fn seal_problem(
    records: &[crate::store::SealedRecord],
    seals: &crate::store::seal::Seals,
) -> Option<(String, String)> {
    use crate::store::seal::SealFault;
    let problems = crate::store::seal::verify(records, seals);
    (!problems.is_empty()).then(|| {
        let mut es = Vec::new();
        let mut en = Vec::new();
        for p in problems.iter().take(10) {
            let (n_es, n_en) = sealed_name(&p.record);
            let (f_es, f_en) = match p.fault {
                SealFault::Changed => (
                    format!("el registro {n_es} fue cambiado fuera de ayni"),
                    format!("{n_en} was changed outside ayni"),
                ),
                SealFault::Unsealed => (
                    format!("el registro {n_es} fue añadido fuera de ayni (no tiene sello)"),
                    format!("{n_en} was added outside ayni (it has no seal)"),
                ),
                SealFault::Removed => (
                    format!("el registro {n_es} fue borrado fuera de ayni"),
                    format!("{n_en} was removed outside ayni"),
                ),
            };
            es.push(f_es);
            en.push(f_en);
        }
        if problems.len() > 10 {
            es.push(format!("y {} más", problems.len() - 10));
            en.push(format!("and {} more", problems.len() - 10));
        }
        (es.join("; "), en.join("; "))
    })
}

impl Book {
    /// Verifies the whole book: every entry balances, the hash chain, maintained
    /// totals against a recomputation, subledgers against control accounts,
    /// closed months. Reads all history; writes nothing.
    pub fn check(&self) -> Result<CheckReport, BookError> {
        let tx = self.store().read()?;
        let members = tx.members()?;
        let member_ids: std::collections::HashSet<u32> = members.iter().map(|mm| mm.id).collect();
        let closed: BTreeMap<u32, u64> = tx
            .closed_months()?
            .into_iter()
            .map(|c| (c.month.key(), c.last_entry))
            .collect();

        let mut n = 0u64;
        let mut unbalanced: Option<(String, String)> = None;
        let mut chain: Option<(String, String)> = None;
        let mut refs: Option<(String, String)> = None;
        let mut late: Option<(String, String)> = None;
        let mut prev = [0u8; 32];
        let mut expected_id = 1u64;
        let mut totals: Totals = BTreeMap::new();
        let mut mtotals: BTreeMap<(u32, String), (i64, i64)> = BTreeMap::new();
        // Net movement of each cash and bank account per day.
        let mut cash_days: BTreeMap<(String, i32), i64> = BTreeMap::new();
        // Net credits posted to each account by dues payments (and their reversals).
        let mut dues_posted: BTreeMap<String, i64> = BTreeMap::new();
        let mut dues_entries: std::collections::HashSet<u64> = std::collections::HashSet::new();

        tx.for_each_entry(0, &mut |e| {
            n += 1;
            let is_dues = e.kind == crate::domain::entry::EntryKind::DuesPayment
                || e.kind == crate::domain::entry::EntryKind::DuesAdvance
                || e.reverses.is_some_and(|r| dues_entries.contains(&r));
            if e.kind == crate::domain::entry::EntryKind::DuesPayment {
                dues_entries.insert(e.id);
            }
            if is_dues {
                for p in &e.postings {
                    let v = match p.side {
                        Side::Credit => p.amount.cents(),
                        Side::Debit => -p.amount.cents(),
                    };
                    *dues_posted.entry(p.account.clone()).or_default() += v;
                }
            }
            if chain.is_none() {
                if e.id != expected_id {
                    chain = Some((
                        format!("falta el asiento {expected_id} (se encontró el {}): el diario fue alterado fuera de ayni", e.id),
                        format!("entry {expected_id} is missing (found {}): the journal was altered outside ayni", e.id),
                    ));
                } else if e.prev_hash != prev {
                    chain = Some((
                        format!("el asiento {} no enlaza con el asiento anterior: el diario fue alterado fuera de ayni", e.id),
                        format!("entry {} does not link to the previous entry: the journal was altered outside ayni", e.id),
                    ));
                } else if e.compute_hash() != e.hash {
                    chain = Some((
                        format!("el asiento {} ya no coincide con su hash: fue modificado fuera de ayni", e.id),
                        format!("entry {} no longer matches its hash: it was changed outside ayni", e.id),
                    ));
                }
            }
            expected_id = e.id + 1;
            prev = e.hash;
            if unbalanced.is_none() && !e.is_balanced() {
                unbalanced = Some((
                    format!("el asiento {} no cuadra", e.id),
                    format!("entry {} does not balance", e.id),
                ));
            }
            let month = Month::of(e.date).key();
            if late.is_none()
                && let Some(&last) = closed.get(&month)
                && e.id > last
            {
                late = Some((
                    format!("el asiento {} está fechado en un mes cerrado ({})", e.id, Month::of(e.date)),
                    format!("entry {} is dated in a closed month ({})", e.id, Month::of(e.date)),
                ));
            }
            for p in &e.postings {
                if refs.is_none() {
                    match self.account(&p.account) {
                        None => refs = Some((
                            format!("el asiento {} usa la cuenta {} que no existe", e.id, p.account),
                            format!("entry {} uses account {}, which does not exist", e.id, p.account),
                        )),
                        Some(a) if a.subledger && p.member.is_none() => refs = Some((
                            format!("el asiento {} registra en la cuenta {} sin socio", e.id, p.account),
                            format!("entry {} posts to account {} without a member", e.id, p.account),
                        )),
                        _ => {}
                    }
                    if let Some(mid) = p.member
                        && !member_ids.contains(&mid)
                    {
                        refs = Some((
                            format!("el asiento {} nombra al socio {mid}, que no existe", e.id),
                            format!("entry {} names member {mid}, who does not exist", e.id),
                        ));
                    }
                }
                let (d, c) = match p.side {
                    Side::Debit => (p.amount.cents(), 0),
                    Side::Credit => (0, p.amount.cents()),
                };
                let t = totals.entry((p.account.clone(), month)).or_default();
                t.0 += d;
                t.1 += c;
                if crate::domain::account::is_cash_or_bank(&p.account) {
                    *cash_days
                        .entry((p.account.clone(), e.date.num_days_from_ce()))
                        .or_default() += d - c;
                }
                if let Some(mid) = p.member {
                    let t = mtotals.entry((mid, p.account.clone())).or_default();
                    t.0 += d;
                    t.1 += c;
                }
            }
            Ok(true)
        })?;
        if chain.is_none() {
            let head: [u8; 32] = tx.meta_get("chain_head")?.unwrap_or([0; 32]);
            let next: u64 = tx.meta_get("next_entry_id")?.unwrap_or(1);
            if head != prev || next != expected_id {
                chain = Some((
                    "el último asiento no coincide con la cabeza de la cadena: se borraron asientos fuera de ayni".into(),
                    "the last entry does not match the chain head: entries were removed outside ayni".into(),
                ));
            }
        }

        // The records besides the journal, against their seals.
        let records = tx.sealed_records()?;
        let sealed = records.len();
        let seal_problem = seal_problem(&records, &tx.seals()?);

        let mut items = vec![
            item(
                "balanced",
                unbalanced,
                format!("{n} asientos verificados"),
                format!("{n} entries verified"),
            ),
            item(
                "chain",
                chain.or(seal_problem),
                format!("{n} enlaces verificados; {sealed} registros sellados verificados"),
                format!("{n} links verified; {sealed} sealed records verified"),
            ),
            item(
                "accounts",
                refs,
                "todas las líneas usan cuentas y socios existentes".into(),
                "every line uses existing accounts and members".into(),
            ),
        ];

        // Maintained totals against the recomputation.
        let stored = tx.all_month_totals()?;
        let stored_nz: Totals = stored.into_iter().filter(|(_, v)| *v != (0, 0)).collect();
        let mut totals_problem = None;
        if stored_nz != totals {
            let key = totals
                .iter()
                .find(|(k, v)| stored_nz.get(*k) != Some(*v))
                .map(|(k, _)| k.clone())
                .or_else(|| stored_nz.keys().find(|k| !totals.contains_key(*k)).cloned());
            let (acc, mo) = key
                .map(|(a, mo)| (a, Month::from_key(mo).to_string()))
                .unwrap_or_default();
            totals_problem = Some((
                format!("el total mantenido de la cuenta {acc} en {mo} no coincide con el diario"),
                format!("the maintained total of account {acc} in {mo} does not match the journal"),
            ));
        }
        let stored_m: BTreeMap<(u32, String), (i64, i64)> = tx
            .all_member_totals()?
            .into_iter()
            .filter(|(_, v)| *v != (0, 0))
            .collect();
        if totals_problem.is_none() && stored_m != mtotals {
            let key = mtotals
                .iter()
                .find(|(k, v)| stored_m.get(*k) != Some(*v))
                .map(|(k, _)| k.clone())
                .or_else(|| stored_m.keys().find(|k| !mtotals.contains_key(*k)).cloned())
                .unwrap_or_default();
            totals_problem = Some((
                format!(
                    "el saldo mantenido del socio {} en la cuenta {} no coincide con el diario",
                    key.0, key.1
                ),
                format!(
                    "the maintained balance of member {} in account {} does not match the journal",
                    key.0, key.1
                ),
            ));
        }
        // The all-time totals and the cash days (schema 3) against the same recomputation.
        let mut all_time: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for ((code, _), (d, c)) in &totals {
            let t = all_time.entry(code.clone()).or_default();
            t.0 += d;
            t.1 += c;
        }
        all_time.retain(|_, v| *v != (0, 0));
        let stored_all: BTreeMap<String, (i64, i64)> = tx
            .all_account_totals()?
            .into_iter()
            .filter(|(_, v)| *v != (0, 0))
            .collect();
        if totals_problem.is_none() && stored_all != all_time {
            let acc = all_time
                .iter()
                .find(|(k, v)| stored_all.get(*k) != Some(*v))
                .map(|(k, _)| k.clone())
                .or_else(|| {
                    stored_all
                        .keys()
                        .find(|k| !all_time.contains_key(*k))
                        .cloned()
                })
                .unwrap_or_default();
            totals_problem = Some((
                format!("el total de siempre de la cuenta {acc} no coincide con el diario"),
                format!("the all-time total of account {acc} does not match the journal"),
            ));
        }
        cash_days.retain(|_, v| *v != 0);
        let stored_days = tx.all_cash_days()?;
        if totals_problem.is_none() && stored_days != cash_days {
            let (acc, day) = cash_days
                .iter()
                .find(|(k, v)| stored_days.get(*k) != Some(*v))
                .map(|(k, _)| k.clone())
                .or_else(|| {
                    stored_days
                        .keys()
                        .find(|k| !cash_days.contains_key(*k))
                        .cloned()
                })
                .unwrap_or_default();
            let day = chrono::NaiveDate::from_num_days_from_ce_opt(day)
                .map(|d| d.to_string())
                .unwrap_or_default();
            totals_problem = Some((
                format!(
                    "el movimiento mantenido de la cuenta {acc} del {day} no coincide con el diario"
                ),
                format!(
                    "the maintained movement of account {acc} on {day} does not match the journal"
                ),
            ));
        }
        items.push(item(
            "totals",
            totals_problem,
            format!(
                "{} totales de cuenta por mes y {} saldos de socio recalculados",
                totals.len(),
                mtotals.len()
            ),
            format!(
                "{} account-month totals and {} member balances recomputed",
                totals.len(),
                mtotals.len()
            ),
        ));

        // Subledgers: for each control account, the members' balances add up to the account.
        let mut sub_problem = None;
        let mut control = 0;
        for a in self.chart().iter().filter(|a| a.subledger) {
            control += 1;
            let acc_total: (i64, i64) = totals
                .iter()
                .filter(|((c, _), _)| c == &a.code)
                .fold((0, 0), |s, (_, v)| (s.0 + v.0, s.1 + v.1));
            let mem_total: (i64, i64) = stored_m
                .iter()
                .filter(|((_, c), _)| c == &a.code)
                .fold((0, 0), |s, (_, v)| (s.0 + v.0, s.1 + v.1));
            if acc_total.0 - acc_total.1 != mem_total.0 - mem_total.1 && sub_problem.is_none() {
                let diff = crate::domain::money::Money::from_cents(
                    (acc_total.0 - acc_total.1) - (mem_total.0 - mem_total.1),
                );
                sub_problem = Some((
                    format!(
                        "la cuenta {} difiere de la suma de sus socios en {}",
                        a.code,
                        diff.localized(Lang::Es)
                    ),
                    format!(
                        "account {} differs from the sum of its members by {}",
                        a.code,
                        diff.localized(Lang::En)
                    ),
                ));
            }
        }
        items.push(item(
            "subledgers",
            sub_problem,
            format!(
                "{control} cuentas de control cuadran con {} socios",
                members.len()
            ),
            format!(
                "{control} control accounts reconcile with {} members",
                members.len()
            ),
        ));
        items.push(item(
            "closed_months",
            late,
            format!("{} meses cerrados verificados", closed.len()),
            format!("{} closed months verified", closed.len()),
        ));

        items.push(self.check_dues(&tx, &dues_posted, &stored_m)?);
        items.push(self.check_savings(&tx, &stored_m, &totals)?);
        items.push(self.check_loans(&tx, &stored_m)?);
        items.push(self.check_provisions(&tx)?);

        items.push(cash_item(&cash_days));

        let (d, c) = totals
            .values()
            .fold((0i64, 0i64), |s, v| (s.0 + v.0, s.1 + v.1));
        let tb_problem = (d != c).then(|| {
            (
                format!(
                    "débitos {} ≠ créditos {}",
                    crate::domain::money::Money::from_cents(d).localized(Lang::Es),
                    crate::domain::money::Money::from_cents(c).localized(Lang::Es)
                ),
                format!(
                    "debits {} ≠ credits {}",
                    crate::domain::money::Money::from_cents(d).localized(Lang::En),
                    crate::domain::money::Money::from_cents(c).localized(Lang::En)
                ),
            )
        });
        let dm = crate::domain::money::Money::from_cents(d);
        items.push(item(
            "trial_balance",
            tb_problem,
            format!("débitos = créditos = {}", dm.localized(Lang::Es)),
            format!("debits = credits = {}", dm.localized(Lang::En)),
        ));
        Ok(CheckReport {
            entries: n,
            members: members.len(),
            items,
        })
    }

    /// Charges against what dues payments posted; the arrears index and month totals against the charges.
    fn check_dues(
        &self,
        tx: &impl crate::store::charges::FastReads,
        dues_posted: &BTreeMap<String, i64>,
        member_totals: &BTreeMap<(u32, String), (i64, i64)>,
    ) -> Result<CheckItem, BookError> {
        let types: BTreeMap<u32, String> = tx
            .charge_types()?
            .into_iter()
            .map(|t| (t.id, t.account))
            .collect();
        let charges = tx.all_charges()?;
        let owed: BTreeMap<(u32, u32, u32), i64> = tx
            .all_owed()?
            .into_iter()
            .map(|o| ((o.key.member, o.key.month, o.key.ty), o.due))
            .collect();
        let mut paid_by_account: BTreeMap<String, i64> = BTreeMap::new();
        let mut month_totals: BTreeMap<u32, (i64, i64, i64)> = BTreeMap::new();
        let mut problem: Option<(String, String)> = None;
        let mut index_count = 0usize;
        for (k, v) in &charges {
            let (mem, mo, ty) = (&k.member, &k.month, &k.ty);
            let (a, p, w) = (&v.amount, &v.paid, &v.waived);
            if problem.is_none() && (*p < 0 || *w < 0 || p + w > *a) {
                problem = Some((
                    format!(
                        "el cobro del socio {mem} en {} tiene pagos o exoneraciones imposibles",
                        Month::from_key(*mo)
                    ),
                    format!(
                        "the charge of member {mem} in {} has impossible payments or waivers",
                        Month::from_key(*mo)
                    ),
                ));
            }
            let due = a - p - w;
            let indexed = owed.get(&(*mem, *mo, *ty)).copied().unwrap_or(0);
            if due > 0 {
                index_count += 1;
            }
            if problem.is_none() && indexed != due.max(0) {
                problem = Some((
                    format!(
                        "el índice de morosidad no coincide para el socio {mem} en {}",
                        Month::from_key(*mo)
                    ),
                    format!(
                        "the arrears index does not match for member {mem} in {}",
                        Month::from_key(*mo)
                    ),
                ));
            }
            if let Some(acc) = types.get(ty) {
                *paid_by_account.entry(acc.clone()).or_default() += p;
            }
            let t = month_totals.entry(*mo).or_default();
            t.0 += a;
            t.1 += p;
            t.2 += w;
        }
        if problem.is_none() && index_count != owed.len() {
            problem = Some((
                "el índice de morosidad tiene cobros que no existen".into(),
                "the arrears index has charges that do not exist".into(),
            ));
        }
        let stored_months: BTreeMap<u32, (i64, i64, i64)> = tx
            .all_dues_month_totals()?
            .into_iter()
            .map(|(k, v)| (k, v.stored()))
            .filter(|(_, v)| *v != (0, 0, 0))
            .collect();
        let month_totals: BTreeMap<u32, (i64, i64, i64)> = month_totals
            .into_iter()
            .filter(|(_, v)| *v != (0, 0, 0))
            .collect();
        if problem.is_none() && stored_months != month_totals {
            problem = Some((
                "los totales mensuales de cuotas no coinciden con los cobros".into(),
                "the monthly dues totals do not match the charges".into(),
            ));
        }
        // Collected in advance: still held in 299010, not yet in the charge's
        // account; each row within its charge's payments, each member's rows
        // equal to the member's balance in 299010.
        use crate::domain::account::codes::ADVANCE_COLLECTIONS;
        let advances = tx.all_advances()?;
        let mut held_by_member: BTreeMap<u32, i64> = BTreeMap::new();
        let mut held_by_charge: BTreeMap<(u32, u32, u32), i64> = BTreeMap::new();
        for &((mo, mem, ty, _), cents) in &advances {
            if let Some(acc) = types.get(&ty) {
                *paid_by_account.entry(acc.clone()).or_default() -= cents;
            }
            *paid_by_account
                .entry(ADVANCE_COLLECTIONS.to_string())
                .or_default() += cents;
            *held_by_member.entry(mem).or_default() += cents;
            *held_by_charge.entry((mem, mo, ty)).or_default() += cents;
        }
        if problem.is_none() {
            let paid_of: BTreeMap<(u32, u32, u32), i64> = charges
                .iter()
                .map(|(k, v)| ((k.member, k.month, k.ty), v.paid))
                .collect();
            if let Some(((mem, mo, _), _)) = held_by_charge
                .iter()
                .find(|(k, held)| **held <= 0 || paid_of.get(*k).is_none_or(|p| *p < **held))
            {
                problem = Some((
                    format!(
                        "lo cobrado por adelantado al socio {mem} para {} no coincide con lo pagado de ese cobro",
                        Month::from_key(*mo)
                    ),
                    format!(
                        "what member {mem} paid in advance for {} does not match what was paid of that charge",
                        Month::from_key(*mo)
                    ),
                ));
            }
        }
        if problem.is_none() {
            let members: BTreeSet<u32> = held_by_member
                .keys()
                .copied()
                .chain(
                    member_totals
                        .keys()
                        .filter(|(_, c)| c == ADVANCE_COLLECTIONS)
                        .map(|(mm, _)| *mm),
                )
                .collect();
            for mem in members {
                let held = held_by_member.get(&mem).copied().unwrap_or(0);
                let credit = member_totals
                    .get(&(mem, ADVANCE_COLLECTIONS.to_string()))
                    .map(|(d, c)| c - d)
                    .unwrap_or(0);
                if held != credit {
                    problem = Some((
                        format!(
                            "el saldo del socio {mem} en la cuenta {ADVANCE_COLLECTIONS} ({}) no coincide con sus pagos por adelantado ({})",
                            Money::from_cents(credit).localized(Lang::Es),
                            Money::from_cents(held).localized(Lang::Es)
                        ),
                        format!(
                            "member {mem}'s balance in account {ADVANCE_COLLECTIONS} ({}) does not match their payments in advance ({})",
                            Money::from_cents(credit).localized(Lang::En),
                            Money::from_cents(held).localized(Lang::En)
                        ),
                    ));
                    break;
                }
            }
        }
        if problem.is_none() {
            let accounts: BTreeSet<&String> = paid_by_account
                .keys()
                .chain(dues_posted.keys().filter(|a| !a.starts_with("11")))
                .collect();
            for acc in accounts {
                let paid = paid_by_account.get(acc).copied().unwrap_or(0);
                let posted = dues_posted.get(acc).copied().unwrap_or(0);
                if paid != posted {
                    let diff = Money::from_cents(posted - paid);
                    problem = Some((
                        format!(
                            "lo cobrado en la cuenta {acc} difiere de los pagos aplicados a cuotas en {}",
                            diff.localized(Lang::Es)
                        ),
                        format!(
                            "what was collected in account {acc} differs from the payments applied to charges by {}",
                            diff.localized(Lang::En)
                        ),
                    ));
                    break;
                }
            }
        }
        Ok(item(
            "dues",
            problem,
            format!(
                "{} cobros, {} pendientes, {} pagos por adelantado, {} cuentas cuadran",
                charges.len(),
                owed.len(),
                advances.len(),
                paid_by_account.len()
            ),
            format!(
                "{} charges, {} outstanding, {} held in advance, {} accounts reconcile",
                charges.len(),
                owed.len(),
                advances.len(),
                paid_by_account.len()
            ),
        ))
    }

    /// Each savings account against its movements; members' savings against 2101 and 2105.
    fn check_savings(
        &self,
        tx: &impl StoreRead,
        member_totals: &BTreeMap<(u32, String), (i64, i64)>,
        totals: &Totals,
    ) -> Result<CheckItem, BookError> {
        use crate::domain::account::codes::{RESTRICTED_DEPOSITS, SAVINGS_DEPOSITS};
        let accounts = tx.savings_accounts()?;
        let mut problem: Option<(String, String)> = None;
        let mut per_member: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
        let mut moves_n = 0usize;
        for a in &accounts {
            let moves = tx.savings_moves(a.id)?;
            moves_n += moves.len();
            let bal: i64 = moves.iter().map(|mv| mv.amount.cents()).sum();
            let blk: i64 = moves.iter().map(|mv| mv.blocked_change.cents()).sum();
            if problem.is_none() && (bal != a.balance.cents() || blk != a.blocked.cents()) {
                problem = Some((
                    format!(
                        "la cuenta de ahorros {} no coincide con sus movimientos",
                        a.id
                    ),
                    format!("savings account {} does not match its movements", a.id),
                ));
            }
            if problem.is_none()
                && (a.balance.is_negative() || a.blocked.is_negative() || a.balance < a.blocked)
            {
                problem = Some((
                    format!(
                        "la cuenta de ahorros {} tiene saldo negativo o menor que lo bloqueado",
                        a.id
                    ),
                    format!(
                        "savings account {} has a negative balance or less than its blocked amount",
                        a.id
                    ),
                ));
            }
            let e = per_member.entry(a.member).or_default();
            e.0 += a.balance.cents() - a.blocked.cents();
            e.1 += a.blocked.cents();
        }
        let members: BTreeSet<u32> = per_member
            .keys()
            .copied()
            .chain(
                member_totals
                    .keys()
                    .filter(|(_, c)| c == SAVINGS_DEPOSITS || c == RESTRICTED_DEPOSITS)
                    .map(|(mm, _)| *mm),
            )
            .collect();
        for mm in members {
            if problem.is_some() {
                break;
            }
            let (free, blocked) = per_member.get(&mm).copied().unwrap_or((0, 0));
            let credit = |code: &str| {
                member_totals
                    .get(&(mm, code.to_string()))
                    .map(|(d, c)| c - d)
                    .unwrap_or(0)
            };
            if free != credit(SAVINGS_DEPOSITS) || blocked != credit(RESTRICTED_DEPOSITS) {
                problem = Some((
                    format!("los ahorros del socio {mm} no cuadran con las cuentas 2101/2105"),
                    format!("member {mm}'s savings do not reconcile with accounts 2101/2105"),
                ));
            }
        }
        let fund: i64 = totals
            .iter()
            .filter(|((c, _), _)| c == crate::books::savings::FUND_ACCOUNT)
            .map(|(_, (d, c))| c - d)
            .sum();
        if problem.is_none() && fund < 0 {
            problem = Some((
                "el fondo solidario quedó en negativo".into(),
                "the solidarity fund is negative".into(),
            ));
        }
        Ok(item(
            "savings",
            problem,
            format!(
                "{} cuentas de ahorro y {moves_n} movimientos cuadran",
                accounts.len()
            ),
            format!(
                "{} savings accounts and {moves_n} movements reconcile",
                accounts.len()
            ),
        ))
    }

    /// Each member's loans against their balances in 1404 (current) and 1452 (overdue).
    fn check_loans(
        &self,
        tx: &impl StoreRead,
        member_totals: &BTreeMap<(u32, String), (i64, i64)>,
    ) -> Result<CheckItem, BookError> {
        use crate::domain::account::codes::{MICROCREDIT_CURRENT, MICROCREDIT_OVERDUE};
        let loans: Vec<crate::domain::loan::Loan> = tx.loans()?;
        let mut per: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
        let mut problem: Option<(String, String)> = None;
        for l in &loans {
            if l.status != crate::domain::loan::LoanStatus::Active {
                continue;
            }
            let out = l.outstanding();
            if problem.is_none()
                && (out.is_negative() || l.in_overdue > out || l.in_overdue.is_negative())
            {
                problem = Some((
                    format!("el préstamo {} tiene saldos imposibles", l.id),
                    format!("loan {} has impossible balances", l.id),
                ));
            }
            let e = per.entry(l.member).or_default();
            e.0 += (out - l.in_overdue).cents();
            e.1 += l.in_overdue.cents();
        }
        let members: BTreeSet<u32> = per
            .keys()
            .copied()
            .chain(
                member_totals
                    .keys()
                    .filter(|(_, c)| c == MICROCREDIT_CURRENT || c == MICROCREDIT_OVERDUE)
                    .map(|(mm, _)| *mm),
            )
            .collect();
        for mm in members {
            if problem.is_some() {
                break;
            }
            let (cur, over) = per.get(&mm).copied().unwrap_or((0, 0));
            let debit = |code: &str| {
                member_totals
                    .get(&(mm, code.to_string()))
                    .map(|(d, c)| d - c)
                    .unwrap_or(0)
            };
            if cur != debit(MICROCREDIT_CURRENT) || over != debit(MICROCREDIT_OVERDUE) {
                problem = Some((
                    format!("los préstamos del socio {mm} no cuadran con las cuentas 1404/1452"),
                    format!("member {mm}'s loans do not reconcile with accounts 1404/1452"),
                ));
            }
        }
        Ok(item(
            "loans",
            problem,
            format!("{} préstamos cuadran con la cartera", loans.len()),
            format!("{} loans reconcile with the portfolio", loans.len()),
        ))
    }
}
