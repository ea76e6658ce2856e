//! press-ner: extract people, titles, organizations, places, dates and roles from official
//! press releases.
//!
//! The library front door is [`Extractor`]: build it once (it compiles the built-in
//! dictionaries into one Aho-Corasick automaton), then call [`Extractor::extract`] on each
//! article. Data flows one way:
//!
//! ```text
//! text -> header (header.rs) -> tokens (text.rs) -> candidates (rules/, gazetteer.rs)
//!      -> flat layer + entities (resolve.rs) -> roles (roles.rs) -> record (output.rs)
//! ```
//!
//! ```
//! let ex = press_ner::Extractor::new();
//! let a = ex.extract("Talks\n2024-05-10 | City Office\n\nVice Mayor Li Wei met guests on May 8.\n", None);
//! assert!(a.entities.iter().any(|e| e.kind == "person" && e.name == "Li Wei"));
//! assert!(a.entities.iter().any(|e| e.value.as_deref() == Some("2024-05-08")));
//! ```

pub mod calendar;
pub mod cli;
pub mod diff;
pub mod document;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod header;
pub mod output;
pub mod resolve;
pub mod roles;
pub mod rules;
pub mod run;
#[cfg(test)]
mod testutil;
pub mod text;

pub use extract::{Analysis, Entity, Extractor, ExtractorBuilder, Mention, Options, Role};
