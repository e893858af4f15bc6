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

    // ---- domain: labels of the rules' values (loan methods, account kinds, ...) ----

    // ---- errors: the messages of typed errors (domain, files, store, books) ----

    // ---- books: what operations report back ----

    // ---- cli: the command line's own words ----

    // ---- training: practice books, scenarios, exercises, the teaching panel ----
}
