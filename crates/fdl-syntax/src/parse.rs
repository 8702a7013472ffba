use crate::{Parsed};

/// Parses YAML text. Never panics, whatever the input.
pub fn parse(text: &str) -> Parsed {
    let _ = text;
    todo!("implemented by the syntax work")
}
