//! The [CBLC (Color Bitmap Location)](https://docs.microsoft.com/en-us/typography/opentype/spec/cblc) table

use super::bitmap::*;

include!("../../generated/generated_cblc.rs");
