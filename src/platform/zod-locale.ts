// Zod's own messages (the ones our schemas do not override) in Bahasa Indonesia.
import { z } from "zod";

z.config(z.locales.id());
