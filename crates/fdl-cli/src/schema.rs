//! `fdl schema`: the JSON Schema (draft-07) of flow definitions, generated from the catalogue,
//! for editors that use a generic YAML language server.

use std::path::PathBuf;

use clap::Args;

use crate::Status;
use crate::inputs::describe_io;
use crate::output::{Output, report_problem};

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Write the schema to FILE instead of standard output (`-` is standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &SchemaArgs) -> Status {
    let text = fdl_model::schema::schema_text();
    match &args.output {
        Some(path) if path.as_os_str() != "-" => match std::fs::write(path, text) {
            Ok(()) => Status::Success,
            Err(e) => {
                report_problem(&format!(
                    "could not write the schema to {}: {}",
                    path.display(),
                    describe_io(&e)
                ));
                Status::Trouble
            }
        },
        _ => {
            let mut out = Output::new();
            out.write(&text);
            match out.finish() {
                Ok(()) => Status::Success,
                Err(e) => {
                    report_problem(&format!("could not write the output: {}", describe_io(&e)));
                    Status::Trouble
                }
            }
        }
    }
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
