//! `fdl schema`: the JSON Schema (draft-07) of flow definitions, generated from the catalogue,
//! for editors that use a generic YAML language server.

use std::path::PathBuf;

use clap::Args;

use crate::Status;
use crate::output::write_to;

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Write the schema to FILE instead of standard output (`-` is standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &SchemaArgs) -> Status {
    write_to(
        args.output.as_deref(),
        &fdl_model::schema::schema_text(),
        "the schema",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/fdl.schema.json");

    #[test]
    fn the_output_is_the_committed_schema() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("fdl.schema.json");
        let status = run(&SchemaArgs {
            output: Some(path.clone()),
        });
        assert_eq!(status, Status::Success);
        let written = std::fs::read_to_string(&path).expect("the schema was written");
        let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
        assert!(
            written == committed,
            "schema/fdl.schema.json is out of date; regenerate it with\n  cargo run -q -p fdl-cli -- schema --output schema/fdl.schema.json"
        );
    }

    #[test]
    fn an_unwritable_output_is_trouble() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let status = run(&SchemaArgs {
            output: Some(dir.path().join("missing-folder").join("fdl.schema.json")),
        });
        assert_eq!(status, Status::Trouble);
    }
}
