//! The [EBLC (Embedded Bitmap Location)](https://docs.microsoft.com/en-us/typography/opentype/spec/eblc) table

use super::bitmap::*;

include!("../../generated/generated_eblc.rs");
