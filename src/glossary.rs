//! The accounting terms ayni uses, explained in Spanish and English for
//! learners (reachable from the help overlay with `g`).

use crate::i18n::Lang;

/// One term: (term, explanation) in Spanish, then in English.
pub struct Term {
    pub es: (&'static str, &'static str),
    pub en: (&'static str, &'static str),
}

impl Term {
    pub fn get(&self, lang: Lang) -> (&'static str, &'static str) {
        lang.pick(self.es, self.en)
    }
}

macro_rules! terms {
    ($( ($tes:expr, $des:expr, $ten:expr, $den:expr) ),* $(,)?) => {
        &[ $( Term { es: ($tes, $des), en: ($ten, $den) } ),* ]
    };
}

/// The glossary, in the order a course meets the terms.
pub const TERMS: &[Term] = terms![
    (
        "Partida doble",
        "Cada operación se registra con débitos y créditos que suman lo mismo: lo que entra en una cuenta sale de otra.",
        "Double entry",
        "Every operation is recorded with debits and credits that add up to the same: what goes into one account comes out of another."
    ),
    (
        "Asiento",
        "El registro de una operación en el diario: fecha, concepto, referencia y las cuentas con su debe y haber.",
        "Journal entry",
        "The record of one operation in the journal: date, description, reference and the accounts with their debits and credits."
    ),
    (
        "Debe",
        "La columna izquierda de una cuenta. Aumenta el activo y los gastos; disminuye el pasivo, el patrimonio y los ingresos.",
        "Debit",
        "The left column of an account. It increases assets and expenses; it decreases liabilities, equity and income."
    ),
    (
        "Haber",
        "La columna derecha de una cuenta. Aumenta el pasivo, el patrimonio y los ingresos; disminuye el activo y los gastos.",
        "Credit",
        "The right column of an account. It increases liabilities, equity and income; it decreases assets and expenses."
    ),
    (
        "Cuenta T",
        "Un dibujo de una cuenta en forma de T: el debe a la izquierda, el haber a la derecha y el saldo al final.",
        "T-account",
        "A drawing of an account shaped like a T: debits on the left, credits on the right, and the balance at the end."
    ),
    (
        "Saldo",
        "La diferencia entre el debe y el haber de una cuenta en una fecha.",
        "Balance",
        "The difference between an account's debits and credits at a date."
    ),
    (
        "Ecuación contable",
        "Activo = Pasivo + Patrimonio + Ingresos − Gastos. Se cumple siempre que cada asiento cuadra.",
        "Accounting equation",
        "Assets = Liabilities + Equity + Income − Expenses. It always holds when every entry balances."
    ),
    (
        "Activo",
        "Lo que la asociación tiene o le deben: caja, bancos, préstamos a socios.",
        "Assets",
        "What the association has or is owed: cash, bank accounts, loans to members."
    ),
    (
        "Pasivo",
        "Lo que la asociación debe a otros: los ahorros de los socios, obligaciones por pagar.",
        "Liabilities",
        "What the association owes others: members' savings, amounts payable."
    ),
    (
        "Patrimonio",
        "Lo que es de la asociación misma: aportes de los socios, reservas, fondos y resultados.",
        "Equity",
        "What belongs to the association itself: members' contributions, reserves, funds and results."
    ),
    (
        "Ingresos",
        "Lo que la asociación gana: intereses de préstamos, cuotas, multas.",
        "Income",
        "What the association earns: loan interest, dues, fines."
    ),
    (
        "Gastos",
        "Lo que la asociación consume para funcionar: útiles, transporte, intereses pagados sobre ahorros.",
        "Expenses",
        "What the association uses up to run: supplies, transport, interest paid on savings."
    ),
    (
        "Plan de cuentas (CUC)",
        "La lista de cuentas con sus códigos. ayni usa el Catálogo Único de Cuentas de la SEPS: 1 Activo, 2 Pasivo, 3 Patrimonio, 4 Gastos, 5 Ingresos.",
        "Chart of accounts (CUC)",
        "The list of accounts with their codes. ayni uses the SEPS single catalogue: 1 Assets, 2 Liabilities, 3 Equity, 4 Expenses, 5 Income."
    ),
    (
        "Diario",
        "Todos los asientos en el orden en que ocurrieron.",
        "Journal",
        "All the entries in the order they happened."
    ),
    (
        "Mayor",
        "Los movimientos de una sola cuenta con su saldo.",
        "Ledger",
        "The movements of a single account with its balance."
    ),
    (
        "Auxiliar de socios",
        "El detalle por socio de una cuenta de control (ahorros, aportes, préstamos); la suma de los socios es igual a la cuenta.",
        "Members' subledger",
        "The per-member detail of a control account (savings, contributions, loans); the members add up to the account."
    ),
    (
        "Balance de comprobación",
        "La lista de todas las cuentas con sus débitos, créditos y saldos; los totales del debe y del haber son iguales.",
        "Trial balance",
        "The list of every account with its debits, credits and balances; total debits equal total credits."
    ),
    (
        "Estado de situación financiera",
        "El balance general: activo, pasivo y patrimonio a una fecha.",
        "Statement of financial position",
        "The balance sheet: assets, liabilities and equity at a date."
    ),
    (
        "Estado de resultados",
        "Los ingresos menos los gastos de un período: el excedente o la pérdida.",
        "Income statement",
        "Income minus expenses for a period: the surplus or the loss."
    ),
    (
        "Reverso",
        "Un asiento nuevo que anula otro con los mismos valores en lados opuestos. La historia no se borra ni se edita.",
        "Reversal",
        "A new entry that cancels another with the same amounts on opposite sides. History is never erased or edited."
    ),
    (
        "Cierre de mes",
        "Se cuenta la caja, se generan cuotas e intereses, y el mes queda cerrado: ya no acepta asientos.",
        "Month close",
        "Cash is counted, dues and interest are generated, and the month is locked: it accepts no more entries."
    ),
    (
        "Arqueo de caja",
        "Contar el dinero en efectivo y compararlo con el saldo de la cuenta Caja; toda diferencia se explica.",
        "Cash count",
        "Counting the cash on hand and comparing it with the Cash account's balance; any difference is explained."
    ),
    (
        "Cuota",
        "El valor que cada socio paga cada mes o una vez (ingreso, ordinaria, extraordinaria).",
        "Dues",
        "The amount each member pays every month or once (admission, ordinary, extraordinary)."
    ),
    (
        "Aporte de capital",
        "El dinero que el socio pone en la asociación como dueño; va al patrimonio (3103).",
        "Capital contribution",
        "Money a member puts into the association as an owner; it goes to equity (3103)."
    ),
    (
        "Exoneración",
        "Perdonar una cuota con motivo y aprobación; no se registra como ingreso.",
        "Waiver",
        "Forgiving a charge with a reason and an approval; it is not recorded as income."
    ),
    (
        "Ahorro a la vista",
        "El ahorro que el socio puede retirar; es un pasivo de la asociación (2101).",
        "Savings deposit",
        "Savings the member can withdraw; a liability of the association (2101)."
    ),
    (
        "Encaje",
        "La parte del ahorro que queda bloqueada como garantía de un préstamo (2105).",
        "Guarantee block",
        "The part of savings blocked as the guarantee of a loan (2105)."
    ),
    (
        "Fondo solidario",
        "Dinero de todos para ayudar a socios o familias en necesidad; nunca se reparte entre los socios.",
        "Solidarity fund",
        "Everyone's money to help members or families in need; it is never shared out among the members."
    ),
    (
        "Cuota francesa",
        "Préstamo con pagos iguales cada mes: al inicio se paga más interés y al final más capital.",
        "French method",
        "A loan with equal payments every month: more interest at first, more principal at the end."
    ),
    (
        "Cuota alemana",
        "Préstamo con capital igual cada mes: el pago baja a medida que baja el saldo.",
        "German method",
        "A loan with equal principal every month: the payment falls as the balance falls."
    ),
    (
        "Interés de mora",
        "El interés extra que se cobra sobre las cuotas vencidas y no pagadas.",
        "Late interest",
        "The extra interest charged on installments that are overdue and unpaid."
    ),
    (
        "Cartera vencida",
        "La parte de los préstamos con pagos atrasados, que se reclasifica a cuentas de cartera que no devenga intereses.",
        "Overdue portfolio",
        "The part of loans with late payments, reclassified to non-performing portfolio accounts."
    ),
    (
        "Morosidad (PAR30)",
        "El saldo de los préstamos con más de 30 días de atraso, dividido para toda la cartera.",
        "Portfolio at risk (PAR30)",
        "The balance of loans more than 30 days late, divided by the whole portfolio."
    ),
    (
        "Castigo",
        "Dar de baja un préstamo incobrable contra la provisión, con aprobación; la deuda del socio sigue registrada aparte.",
        "Write-off",
        "Removing an uncollectable loan against the provision, with approval; the member's debt stays on record apart."
    ),
    (
        "SEPS",
        "Superintendencia de Economía Popular y Solidaria: el organismo que controla a las cooperativas y asociaciones en Ecuador.",
        "SEPS",
        "Ecuador's Superintendency of the Popular and Solidarity Economy: the regulator of cooperatives and associations."
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_is_explained_in_both_languages() {
        assert!(TERMS.len() >= 30);
        for t in TERMS {
            for (term, text) in [t.es, t.en] {
                assert!(!term.trim().is_empty());
                assert!(text.len() > 20, "{term}");
                assert!(text.ends_with('.'), "{term}");
            }
        }
        let mut es: Vec<&str> = TERMS.iter().map(|t| t.es.0).collect();
        es.sort_unstable();
        es.dedup();
        assert_eq!(es.len(), TERMS.len(), "no term twice");
    }
}
