//! Fonts installed on the machine: the last fallback, for characters (rare CJK, scripts the
//! shipped faces do not cover) that no shipped or given font has.
//!
//! The index (fontdb) is built on the first miss, not at start-up, and each character is looked
//! up once per process. `POSTBIND_FONT_DIRS` (folders separated by `:`) replaces the system
//! folders, and set empty turns installed fonts off, so tests and reproducible builds can pin
//! what is found.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::{colour_table, Face};

/// Installed faces drawn from in one process, at most; later misses stay boxes.
const MAX_FACES: usize = 32;
/// Distinct characters looked for, at most, so hostile text cannot make every miss a scan of
/// every installed font (real posts miss a handful).
const MAX_LOOKUPS: usize = 512;

pub(super) struct System {
    db: OnceLock<fontdb::Database>,
    state: Mutex<State>,
    slots: Vec<OnceLock<Face>>,
}

#[derive(Default)]
struct State {
    found: HashMap<char, Option<u16>>,
    /// fontdb face → slot.
    used: Vec<(fontdb::ID, u16)>,
}

impl std::fmt::Debug for System {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("System")
    }
}

impl System {
    pub fn new() -> System {
        System {
            db: OnceLock::new(),
            state: Mutex::new(State::default()),
            slots: (0..MAX_FACES).map(|_| OnceLock::new()).collect(),
        }
    }

    fn db(&self) -> &fontdb::Database {
        self.db.get_or_init(|| {
            let mut db = fontdb::Database::new();
            match std::env::var_os("POSTBIND_FONT_DIRS") {
                Some(dirs) => {
                    for dir in std::env::split_paths(&dirs) {
                        if !dir.as_os_str().is_empty() {
                            db.load_fonts_dir(dir);
                        }
                    }
                }
                None => db.load_system_fonts(),
            }
            db
        })
    }

    pub fn face(&self, slot: u16) -> Option<&Face> {
        self.slots.get(usize::from(slot))?.get()
    }

    /// The slot of an installed face that draws `ch`, loading it if needed.
    pub fn face_for(&self, ch: char) -> Option<u16> {
        let mut state = self.state.lock().ok()?;
        if let Some(found) = state.found.get(&ch) {
            return *found;
        }
        // Private-use characters mean something only to the font they were made for.
        if matches!(u32::from(ch), 0xE000..=0xF8FF | 0xF0000..=0x10FFFF) {
            return None;
        }
        if state.found.len() >= MAX_LOOKUPS {
            return None;
        }
        let found = self.search(ch, &mut state);
        state.found.insert(ch, found);
        found
    }

    fn search(&self, ch: char, state: &mut State) -> Option<u16> {
        // Faces already in use first: a post's rare characters tend to come from one font.
        for &(_, slot) in &state.used {
            if self.face(slot).is_some_and(|f| f.glyph_id(ch).is_some()) {
                return Some(slot);
            }
        }
        let db = self.db();
        let id = db.faces().map(|f| f.id).find(|&id| {
            !state.used.iter().any(|(u, _)| *u == id)
                && db
                    .with_face_data(id, |data, index| usable(data, index, ch))
                    .unwrap_or(false)
        })?;
        let slot = u16::try_from(state.used.len()).ok()?;
        let cell = self.slots.get(usize::from(slot))?;
        let face = db.with_face_data(id, |data, index| {
            let data: &'static [u8] = Box::leak(data.to_vec().into_boxed_slice());
            Face::from_file(data, index, false).ok()
        })??;
        cell.set(face).ok()?;
        state.used.push((id, slot));
        Some(slot)
    }
}

/// Whether an installed face draws `ch` and may be embedded: outlines (not colour bitmaps) and
/// an embedding licence that allows subsetting.
fn usable(data: &[u8], index: u32, ch: char) -> bool {
    let Ok(face) = ttf_parser::Face::parse(data, index) else {
        return false;
    };
    face.glyph_index(ch).is_some_and(|g| g.0 != 0)
        && face.permissions() != Some(ttf_parser::Permissions::Restricted)
        && face.is_subsetting_allowed()
        && colour_table(data, index).is_none()
}
