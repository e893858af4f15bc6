//! The book's key pair for the network's monthly packages: an Ed25519 key the
//! book creates once (on its first package, or when asked for its public key)
//! and keeps in its own file. The package is signed with the private half;
//! the association gives the public half to the network's coordinator once,
//! who lists it in the network's registry. A redacted copy of the book gets
//! none (it is not the association), and makes its own if it is ever asked.

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::{Book, BookError};
use crate::store::StoreRead;

/// The meta key holding the book's [`KeyRecord`].
pub(crate) const NETWORK_KEY: &str = "network_key";

/// The private key's 32 bytes; empty in a redacted copy (no key yet).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeyRecord {
    pub secret: Vec<u8>,
}

impl KeyRecord {
    fn key(&self) -> Option<SigningKey> {
        let bytes: [u8; 32] = self.secret.as_slice().try_into().ok()?;
        Some(SigningKey::from_bytes(&bytes))
    }
}

impl Book {
    /// The book's signing key, if it has made one.
    pub fn network_key(&self) -> Result<Option<SigningKey>, BookError> {
        Ok(self
            .store()
            .read()?
            .meta_get::<KeyRecord>(NETWORK_KEY)?
            .and_then(|r| r.key()))
    }

    /// The book's signing key, made now (from the system's random source)
    /// if it has none; a read-only book without one is refused.
    pub fn ensure_network_key(&mut self) -> Result<SigningKey, BookError> {
        if let Some(k) = self.network_key()? {
            return Ok(k);
        }
        self.check_writable()?;
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| BookError::Random(e.to_string()))?;
        let tx = self.store().write()?;
        // Another window may have made one meanwhile: keep the first.
        if let Some(k) = tx.meta_get::<KeyRecord>(NETWORK_KEY)?.and_then(|r| r.key()) {
            return Ok(k);
        }
        tx.meta_put(
            NETWORK_KEY,
            &KeyRecord {
                secret: secret.to_vec(),
            },
        )?;
        tx.commit()?;
        Ok(SigningKey::from_bytes(&secret))
    }

    /// The public half of the book's key, as the registry lists it (64
    /// hexadecimal digits), if the book has one.
    pub fn network_public_key(&self) -> Result<Option<String>, BookError> {
        Ok(self.network_key()?.map(|k| public_hex(&k.verifying_key())))
    }
}

/// A public key as 64 lower-case hexadecimal digits.
pub fn public_hex(k: &VerifyingKey) -> String {
    hex::encode(k.as_bytes())
}
