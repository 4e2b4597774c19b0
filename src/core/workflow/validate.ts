// Checks the SOP definition at start: a broken definition must stop the app, not a case.
import { isDocKind } from "../documents/kinds.js";
import { ALL_ROLES } from "../users/roles.js";
import { ROW_NUMBERS, SOP, type RowDef } from "../sop/sop.js";

export function validateDefinition(rows: RowDef[] = SOP): void {
  const problems: string[] = [];
  const nos = rows.map((r) => r.no);
  if (JSON.stringify(nos) !== JSON.stringify([...ROW_NUMBERS])) problems.push(`rows must be ${ROW_NUMBERS.join(",")} in order`);
  if (nos.includes(14 as never)) problems.push("row 14 does not exist in the source");
  for (const r of rows) {
    const at = `row ${r.no}`;
    if (!r.kegiatan || !r.pelaksana) problems.push(`${at}: kegiatan and pelaksana required`);
    if (!r.holders.length) problems.push(`${at}: no holder`);
    for (const h of r.holders) if (!ALL_ROLES.includes(h)) problems.push(`${at}: unknown role ${h}`);
    if (r.time.kind === "days" && !(r.time.days > 0)) problems.push(`${at}: time standard must be > 0 days`);
    if (!r.actions.length) problems.push(`${at}: no way out`);
    // Escalation: someone above is told from the first working day late, each level later than the one before.
    if (r.escalation.at(0)?.afterDays !== 1) problems.push(`${at}: escalation must start on the first working day overdue`);
    if (r.skpdEscalation && r.skpdEscalation[0]?.afterDays !== 1) problems.push(`${at}: the SKPD's escalation must start on the first working day overdue`);
    r.escalation.forEach((l, i) => {
      if (!l.to.length || l.to.some((x) => !ALL_ROLES.includes(x))) problems.push(`${at}: escalation level ${i + 1} needs known roles`);
      const before = i > 0 ? r.escalation.at(i - 1) : undefined;
      if (before && !(l.afterDays > before.afterDays)) problems.push(`${at}: escalation levels must be later one after another`);
    });
    const ids = new Set<string>();
    for (const a of r.actions) {
      const where = `${at} action ${a.id}`;
      if (ids.has(a.id)) problems.push(`${where}: duplicate id`);
      ids.add(a.id);
      if ((a.effect === "advance" || a.effect === "return") && (a.to === undefined || !nos.includes(a.to))) {
        problems.push(`${where}: target row ${a.to} does not exist`);
      }
      if (a.effect === "advance" && a.to !== undefined && nos.indexOf(a.to) <= nos.indexOf(r.no)) {
        problems.push(`${where}: advance must go forward`);
      }
      if (a.effect === "return" && a.to !== undefined && nos.indexOf(a.to) >= nos.indexOf(r.no)) {
        problems.push(`${where}: return must go back`);
      }
      if (a.effect === "end" && !a.endStatus) problems.push(`${where}: end needs a status`);
      if (a.effect === "part" && !r.parts?.some((p) => p.id === a.part)) problems.push(`${where}: unknown part ${a.part}`);
      // Typed as kinds already; checked as the plain strings a definition could still hold.
      const docs: readonly string[] = a.docs ?? [];
      for (const d of docs) if (!isDocKind(d)) problems.push(`${where}: unknown document kind ${d}`);
      for (const role of a.roles ?? []) if (!r.holders.includes(role)) problems.push(`${where}: role ${role} does not hold the row`);
    }
    if (r.parts) {
      const partActions = r.actions.filter((a) => a.effect === "part");
      if (partActions.length !== r.parts.length) problems.push(`${at}: each part needs exactly one action`);
      if (!rows.some((x) => nos.indexOf(x.no) === nos.indexOf(r.no) + 1)) problems.push(`${at}: parallel row needs a next row`);
    }
  }
  // Every row must be reachable from row 1.
  const seen = new Set<number>([1]);
  const queue = [1];
  while (queue.length) {
    const no = queue.shift();
    const r = rows.find((x) => x.no === no);
    // Only row 1 can be missing here, and the row-number check above has said so.
    if (!r) continue;
    const next = r.actions.flatMap((a) => (a.to === undefined ? [] : [a.to]));
    const after = nos.at(nos.indexOf(r.no) + 1);
    if (r.parts && after !== undefined) next.push(after);
    for (const n of next) {
      if (nos.includes(n) && !seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  for (const n of nos) if (!seen.has(n)) problems.push(`row ${n} cannot be reached`);
  if (problems.length) throw new Error("SOP definition is invalid:\n  " + problems.join("\n  "));
}
