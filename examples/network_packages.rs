//! Writes N network packages (`.ayni-red`) and their registry, for timing a
//! coordinator's consolidation (`benches/network.sh`).
//!
//! ```text
//! cargo run --release --example network_packages -- BOOK MONTH DIR [N]
//! ```
//!
//! BOOK is a book with MONTH closed and a RUC (an `ayni demo` book). Its
//! package's content is taken once; each of the N packages (default 1,000)
//! gets an association of its own (a RUC and a name made from its number)
//! and a key of its own, and is signed and written to DIR as a book would
//! write it; DIR/red.toml lists every association with its public key.
//! Nothing here is a pass/fail test.

use std::fmt::Write as _;
use std::path::PathBuf;

use ayni::books::Book;
use ayni::domain::ident::make_company_ruc;
use ayni::domain::period::Month;
use ayni::i18n::Lang;
use ayni::report::network::package;
use ed25519_dalek::SigningKey;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [book, month, dir, rest @ ..] = args.as_slice() else {
        return Err("usage: network_packages BOOK MONTH DIR [N]".into());
    };
    let n: u32 = match rest.first() {
        Some(s) => s.parse().map_err(|e| format!("N: {e}"))?,
        None => 1000,
    };
    let book = Book::open_read_only(&PathBuf::from(book)).map_err(|e| format!("{e:?}"))?;
    let month = Month::parse(month).map_err(|e| format!("{e:?}"))?;
    let base = package::content(&book, month, Lang::default()).map_err(|e| format!("{e:?}"))?;
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut registry = String::from("name = \"Red de prueba\"\n");
    for i in 0..n {
        let mut c = base.clone();
        c.association.ruc = make_company_ruc(5, 100_000 + i);
        c.association.name = format!("Asociación {i:04}");
        // A key of its own, reproducible from the number.
        let mut secret = [7u8; 32];
        secret[..4].copy_from_slice(&i.to_le_bytes());
        let key = SigningKey::from_bytes(&secret);
        let bytes = package::seal(&c, &key);
        std::fs::write(dir.join(package::file_name(&c)), &bytes).map_err(|e| e.to_string())?;
        let _ = write!(
            registry,
            "\n[[association]]\nruc = \"{}\"\nname = \"{}\"\nkey = \"{}\"\n",
            c.association.ruc,
            c.association.name,
            hex::encode(key.verifying_key().as_bytes())
        );
    }
    std::fs::write(dir.join("red.toml"), registry).map_err(|e| e.to_string())?;
    println!("{n} packages in {}", dir.display());
    Ok(())
}
