//! The rules, grouped by area like their codes: 0xx YAML, 1xx structure, 2xx control flow
//! and names, 3xx mappings and expressions, 4xx tasks and integrations.

pub(crate) mod control;
pub(crate) mod mappings;
pub(crate) mod structure;
pub(crate) mod tasks;
pub(crate) mod yaml;
