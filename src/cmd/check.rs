//! `sapnhap check`. (Engine not written yet.)

use super::{CmdError, Globals};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Arguments of this command (not available yet).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub rest: Vec<String>,
}

pub fn run(args: Args, g: Globals) -> Result<i32, CmdError> {
    let _ = args;
    super::not_available("check", g)
}
