//! A process killed (SIGKILL) in the middle of a member import leaves the book
//! with none or all of the members, and `ayni check` passes. The kills fall at
//! moments spread over the measured duration of an unkilled import (see
//! `crash_kills`).

use ayni::domain::ident::make_cedula;

use crate::crash_kills::{KILLS, ayni, check, duration_of, kill_series};

#[test]
fn killed_import_is_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let empty = home.join("vacio.ayni");
    let out = ayni(home, &empty)
        .args(["init", "--name", "Caja de Ahorro Prueba", "--kind", "caja"])
        .output()
        .expect("run init");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (entries, none) = check(home, &empty, "empty book");
    assert_eq!(none, 0);

    const N: u64 = 3000;
    let mut csv = String::from(
        "cedula,nombres,apellidos,genero,fecha_nacimiento,fecha_ingreso,telefono,comunidad\n",
    );
    for i in 0..N {
        csv.push_str(&format!(
            "{},Rosa {i},Quispe,F,1980-01-01,2024-02-01,0991234567,Peguche\n",
            make_cedula((i % 24 + 1) as u8, 5_000_000 + i as u32)
        ));
    }
    let file = home.join("socios.csv");
    std::fs::write(&file, csv).expect("write csv");
    let import = |book: &std::path::Path| {
        let mut c = ayni(home, book);
        c.args(["member", "import"]).arg(&file);
        c
    };

    let book = home.join("libro.ayni");
    let d = duration_of(|| {
        let _ = std::fs::remove_file(&book);
        std::fs::copy(&empty, &book).expect("copy");
        import(&book)
    });
    assert_eq!(check(home, &book, "imported"), (entries, N));

    std::fs::remove_file(&book).expect("remove");
    std::fs::copy(&empty, &book).expect("copy");
    let (mut nothing, mut all) = (0, 0);
    let finished = kill_series(0xD4, d, |i, at| {
        let killed = crate::crash_kills::kill_after(import(&book), at);
        let got = check(home, &book, &format!("run {i} killed at {at:?}"));
        if got.1 == N {
            all += 1;
            std::fs::remove_file(&book).expect("remove");
            std::fs::copy(&empty, &book).expect("copy");
        } else {
            assert_eq!(
                got,
                (entries, 0),
                "run {i} killed at {at:?}: a half-applied import"
            );
            nothing += 1;
        }
        killed
    });
    eprintln!(
        "member import of {N} ({d:?} unkilled): {KILLS} kills ({finished} more runs finished \
         first); nothing imported {nothing}, all imported {all}"
    );
}
