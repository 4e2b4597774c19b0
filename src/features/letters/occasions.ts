// Which letter a row's occasion calls for, where one letter serves several rows.

/** The two occasions of a telaah to the Walikota: the potential (row 5) and the plan with the draft offer (row 8). */
export const TELAAH_OCCASIONS: Partial<Record<number, "potensi" | "penawaran">> = { 5: "potensi", 8: "penawaran" };
