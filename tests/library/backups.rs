//! Automatic backups rotate by the order they were written, whatever the
//! clock said when each was taken (a clock set back, then forward again).

use ayni::books::{Book, Clock};
use ayni::domain::settings::{AssocKind, Settings};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    /// Copies taken at any times (days before or after each other, several in
    /// the same second) keep exactly the newest `keep` written, in the order
    /// written; the copy just taken is always among them.
    #[test]
    fn rotation_keeps_the_newest_written_whatever_the_clock(
        keep in 1u32..4,
        offsets in proptest::collection::vec(-400i64..400, 1..8),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("b.ayni");
        let base = NaiveDate::from_ymd_opt(2026, 6, 15)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("a time");
        let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
        let mut book = Book::create_with_clock(&path, settings, Clock::Fixed(base)).expect("book");
        book.set_backups_to_keep(keep).expect("setting");
        let mut taken = Vec::new();
        for (i, days) in offsets.iter().enumerate() {
            // Offsets that repeat give copies taken in the same second.
            book.set_clock(Clock::Fixed(base + Duration::days(*days)));
            let p = book.auto_backup("prueba").expect("backup");
            prop_assert!(p.exists(), "copy {i} removed itself");
            taken.push(p);
            let n = taken.len().min(keep as usize);
            prop_assert_eq!(book.list_backups(), taken[taken.len() - n..].to_vec());
        }
        for old in &taken[..taken.len() - taken.len().min(keep as usize)] {
            prop_assert!(!old.exists());
        }
    }
}
