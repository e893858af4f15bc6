//! The one catalogue of every text a user reads, in Spanish and English.
//! Entries are grouped by the layer that shows them; keep each group's
//! entries together, under its heading.

crate::catalog! {
    // General words used across the interface. Append entries below.
    Yes => ("Sí", "Yes"),
    No => ("No", "No"),
    Ok => ("Aceptar", "OK"),
    Cancel => ("Cancelar", "Cancel"),
    Save => ("Guardar", "Save"),
    Back => ("Volver", "Back"),
    Quit => ("Salir", "Quit"),
    Help => ("Ayuda", "Help"),
    Search => ("Buscar", "Search"),
    Error => ("Error", "Error"),
    Warning => ("Atención", "Warning"),
    Month => ("Mes", "Month"),
    Date => ("Fecha", "Date"),
    Description => ("Descripción", "Description"),
    Reference => ("Referencia", "Reference"),
    Account => ("Cuenta", "Account"),
    Debit => ("Debe", "Debit"),
    Credit => ("Haber", "Credit"),
    Balance => ("Saldo", "Balance"),
    Total => ("Total", "Total"),
    Member => ("Socio", "Member"),
    Members => ("Socios", "Members"),
    Journal => ("Diario", "Journal"),
    Dashboard => ("Panel", "Dashboard"),
    ChartOfAccounts => ("Plan de cuentas", "Chart of accounts"),
    Settings => ("Configuración", "Settings"),

    // ---- ui: the terminal interface (src/ui/) ----

    // ---- report: reports, statements and exports (src/report/) ----
    // Titles
    RepTrialBalance => ("Balance de comprobación", "Trial balance"),
    RepFinancialPosition => ("Estado de situación financiera", "Statement of financial position"),
    RepIncomeStatement => ("Estado de resultados", "Income statement"),
    RepCashBook => ("Libro caja", "Cash book"),
    RepMemberStatement => ("Estado de cuenta del socio", "Member statement"),
    RepMonthlyBalances => ("Balance mensual (entidades pequeñas)", "Monthly balances (small entities)"),
    RepMonthlyBalancesSheet => ("Balance mensual", "Monthly balances"),
    // Letterhead
    RepRuc => ("RUC", "RUC"),
    RepNoRuc => ("RUC no registrado", "RUC not recorded"),
    RepAddress => ("Dirección", "Address"),
    RepPeriod => ("Período", "Period"),
    RepAsOf => ("Al", "As of"),
    RepPrinted => ("Fecha de impresión", "Printed on"),
    RepPage => ("Página", "Page"),
    RepOf => ("de", "of"),
    RepTreasurer => ("Tesorero(a)", "Treasurer"),
    RepPresident => ("Presidente(a)", "President"),
    // Columns
    RepCode => ("Código", "Code"),
    RepAccount => ("Cuenta", "Account"),
    RepDebit => ("Debe", "Debit"),
    RepCredit => ("Haber", "Credit"),
    RepBalance => ("Saldo", "Balance"),
    RepYearToDate => ("Acumulado", "Year to date"),
    RepYearToDateShort => ("Acum.", "YTD"),
    RepTotal => ("TOTAL", "TOTAL"),
    // Financial position
    RepTotalAssets => ("TOTAL ACTIVOS", "TOTAL ASSETS"),
    RepTotalLiabilities => ("TOTAL PASIVOS", "TOTAL LIABILITIES"),
    RepTotalEquity => ("TOTAL PATRIMONIO", "TOTAL EQUITY"),
    RepTotalLiabilitiesEquity => ("TOTAL PASIVO Y PATRIMONIO", "TOTAL LIABILITIES AND EQUITY"),
    RepCurrentResult => ("Resultado del ejercicio en curso", "Result of the current year"),
    RepNetValue => ("valor neto", "net"),
    RepUnbalanced => (
        "Atención: el activo no es igual al pasivo más el patrimonio.",
        "Warning: assets do not equal liabilities plus equity."
    ),
    // Income statement
    RepTotalIncome => ("TOTAL INGRESOS", "TOTAL INCOME"),
    RepTotalExpenses => ("TOTAL GASTOS", "TOTAL EXPENSES"),
    RepResult => ("RESULTADO", "RESULT"),
    RepBeforeYearEnd => (
        "Cifras antes del asiento de cierre del ejercicio.",
        "Figures before the year-end closing entry."
    ),
    // Cash book
    RepDate => ("Fecha", "Date"),
    RepEntry => ("Asiento", "Entry"),
    RepReference => ("Referencia", "Reference"),
    RepDescription => ("Descripción", "Description"),
    RepOpening => ("Saldo inicial", "Opening balance"),
    RepReceipts => ("Ingresos", "Receipts"),
    RepPayments => ("Egresos", "Payments"),
    RepClosing => ("Saldo final", "Closing balance"),
    RepSummary => ("Resumen", "Summary"),
    RepIncreases => ("Aumentos", "Increases"),
    RepDecreases => ("Disminuciones", "Decreases"),
    RepContinued => ("continuación", "continued"),
    RepMovements => ("Movimientos", "Movements"),
    // Member statement
    RepMember => ("Socio", "Member"),
    RepIdentification => ("Identificación", "Identification"),
    RepCommunity => ("Comunidad", "Community"),
    RepJoinDate => ("Fecha de ingreso", "Join date"),
    RepStatus => ("Estado", "Status"),
    RepDues => ("Cuotas y aportes", "Dues and contributions"),
    RepMonth => ("Mes", "Month"),
    RepConcept => ("Concepto", "Concept"),
    RepCharged => ("Valor", "Charged"),
    RepPaid => ("Pagado", "Paid"),
    RepWaived => ("Exonerado", "Waived"),
    RepOwed => ("Pendiente", "Owed"),
    RepOwedInPeriod => ("Pendiente del período", "Owed for the period"),
    RepOwedTotal => ("Total adeudado a la fecha", "Total owed to date"),
    RepCreditInAdvance => ("Saldo a favor (pagado por adelantado)", "Credit in advance (paid ahead)"),
    RepPaymentsReceived => ("Pagos recibidos", "Payments received"),
    RepAmount => ("Valor", "Amount"),
    RepContributions => ("Aportes de capital (3103)", "Capital contributions (3103)"),
    RepContributedInPeriod => ("Aportado en el período", "Contributed in the period"),
    RepSavings => ("Ahorros", "Savings"),
    RepSavingsAccount => ("Cuenta de ahorro", "Savings account"),
    RepMovement => ("Movimiento", "Movement"),
    RepBlocked => ("Bloqueado (encaje)", "Blocked (guarantee)"),
    RepAvailable => ("Disponible", "Available"),
    RepFund => ("Fondo solidario", "Solidarity fund"),
    RepFundBalance => ("Aportes acumulados", "Contributed to date"),
    RepFundReceived => ("Ayudas recibidas en el período", "Grants received in the period"),
    RepLoans => ("Préstamos", "Loans"),
    RepLoan => ("Préstamo", "Loan"),
    RepDisbursed => ("Desembolsado", "Disbursed"),
    RepRate => ("Tasa anual", "Annual rate"),
    RepInstallmentsDue => ("Cuotas que vencen en el período", "Installments due in the period"),
    RepInstallment => ("Cuota", "Installment"),
    RepDueDate => ("Vence", "Due"),
    RepPrincipal => ("Capital", "Principal"),
    RepInterest => ("Interés", "Interest"),
    RepLateInterest => ("Mora", "Late interest"),
    RepLoanPayments => ("Pagos del período", "Payments in the period"),
    RepOutstanding => ("Saldo de capital", "Outstanding principal"),
    RepOverduePrincipal => ("Capital vencido", "Overdue principal"),
    RepDaysLate => ("Días de atraso", "Days in arrears"),
    RepNothing => ("Sin movimientos en el período.", "No movements in the period."),
    RepNoMembers => ("No hay socios para este período.", "There are no members for this period."),
    RepActive => ("Activo", "Active"),
    RepRetired => ("Retirado", "Retired"),
    RepPaidOff => ("Cancelado", "Paid off"),
    RepWrittenOff => ("Castigado", "Written off"),
    RepApplied => ("Solicitado", "Applied"),

    // ---- domain: labels of the rules' values (loan methods, account kinds, ...) ----

    // ---- errors: the messages of typed errors (domain, files, store, books) ----

    // ---- books: what operations report back ----

    // ---- cli: the command line's own words ----

    // ---- training: practice books, scenarios, exercises, the teaching panel ----
}
