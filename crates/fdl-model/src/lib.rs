//! fdl-model: the FDL language catalogue, the typed model and the expression parsers.

pub mod catalogue;
pub mod expr;
pub mod model;
pub mod schema;
pub mod values;

pub use catalogue::{Context, Field, Integration, StepKind, ValueType};
pub use model::{Flow, Step, StepList, build, build_step, build_top_level};
