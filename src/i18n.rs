//! TEMPORARY minimal language type (helper-1 replaces this file with the full mechanism).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    Es,
    En,
}
