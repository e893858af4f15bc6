//! Demo books: filled by the demo generator.
