//! fdl-model: the FDL language catalogue, the typed model and the expression parsers.

pub mod expr;
