//! A process killed (SIGKILL) in the middle of a member import leaves the book
//! with none or all of the members, and `check` passes.

use std::process::{Command, Stdio};
use std::time::Duration;

use ayni::books::Book;
use ayni::domain::ident::make_cedula;

fn ayni() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ayni"))
}

#[test]
fn killed_import_is_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("libro.ayni");
    let out = ayni()
        .args(["--lang", "es", "--book"])
        .arg(&book)
        .args(["init", "--name", "Caja de Ahorro Prueba", "--kind", "caja"])
        .output()
        .expect("run init");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    const N: usize = 4000;
    let mut csv = String::from(
        "cedula,nombres,apellidos,genero,fecha_nacimiento,fecha_ingreso,telefono,comunidad\n",
    );
    for i in 0..N {
        csv.push_str(&format!(
            "{},Rosa {i},Quispe,F,1980-01-01,2024-02-01,0991234567,Peguche\n",
            make_cedula((i % 24 + 1) as u8, 5_000_000 + i as u32)
        ));
    }
    let file = dir.path().join("socios.csv");
    std::fs::write(&file, csv).expect("write csv");

    // Kill at a spread of moments: before, during and after the commit.
    let mut outcomes = (0, 0);
    for attempt in 0..12u64 {
        let mut child = ayni()
            .args(["--lang", "es", "--book"])
            .arg(&book)
            .args(["member", "import"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn import");
        std::thread::sleep(Duration::from_millis(3 + attempt * attempt * 4));
        let _ = child.kill();
        let _ = child.wait();

        let b = Book::open(&book).expect("book opens after the kill");
        let n = b.members().expect("members").len();
        assert!(
            n == 0 || n == N,
            "attempt {attempt}: {n} members — a half-applied import"
        );
        let report = b.check().expect("check runs");
        assert!(
            report.ok(),
            "attempt {attempt}: {:?}",
            report.first_problem()
        );
        if n == N {
            outcomes.1 += 1;
            break;
        }
        outcomes.0 += 1;
    }
    eprintln!(
        "kills that left nothing: {}, imports completed: {}",
        outcomes.0, outcomes.1
    );
}
