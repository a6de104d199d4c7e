//! Office formats: spreadsheet imports and exports, letters after GB/T 9704-2012.
