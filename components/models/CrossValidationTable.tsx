"use client";
/** Cross-validation folds: rows, the family picked, AUC (with a bar on the 0.5–1 scale) and log-loss; the mean ± sd underneath. */
import { Table, TableBody, TableHead, TableRow, Text } from "@tremor/react";
import { Td, Th } from "../patterns/cells";
import { formatInt } from "../ui/format";
import { formatAuc, formatLoss, formatMeanSd, isNum, type CrossValidation } from "./format";

/** AUC from 0.5 (chance, empty bar) to 1 (full bar). */
function AucBar({ auc }: { auc: number }) {
  const width = isNum(auc) ? Math.max(0, Math.min(1, (auc - 0.5) / 0.5)) * 100 : 0;
  return (
    <div className="h-2 w-32 rounded-full bg-gray-100" aria-hidden>
      <div className="h-2 rounded-full bg-blue-500" style={{ width: `${width}%` }} />
    </div>
  );
}

export function CrossValidationTable({ cv, testId = "cv-folds" }: { cv: CrossValidation; testId?: string }) {
  return (
    <div data-testid={testId}>
      <div className="overflow-x-auto">
        <Table>
          <TableHead>
            <TableRow>
              <Th>Fold</Th>
              <Th right>Rows held out</Th>
              <Th>Family</Th>
              <Th right>AUC</Th>
              <Th title="From chance (0.5) to perfect (1)">AUC scale</Th>
              <Th right>Log-loss</Th>
            </TableRow>
          </TableHead>
          <TableBody>
            {cv.folds.map((f) => (
              <TableRow key={f.fold} data-testid="cv-fold-row" data-fold={f.fold} data-auc={isNum(f.auc) ? f.auc.toFixed(4) : ""}>
                <Td>#{f.fold}</Td>
                <Td right>{formatInt(f.n)}</Td>
                <Td>
                  <span className="font-mono text-xs">{f.family || "—"}</span>
                </Td>
                <Td right className="font-medium text-tremor-content-strong">
                  {formatAuc(f.auc)}
                </Td>
                <Td>
                  <AucBar auc={f.auc} />
                </Td>
                <Td right>{formatLoss(f.logLoss)}</Td>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <Text className="mt-2">
        Mean AUC over {cv.folds.length} folds:{" "}
        <strong className="tabular-nums text-tremor-content-strong" data-testid="cv-mean-auc" data-mean={isNum(cv.meanAuc) ? cv.meanAuc.toFixed(4) : ""}>
          {formatMeanSd(cv.meanAuc, cv.sdAuc)}
        </strong>{" "}
        (mean ± standard deviation across folds)
        {cv.positiveLabel ? ` · positive class “${cv.positiveLabel}”` : ""}
        {cv.excluded?.length ? ` · excluded: ${cv.excluded.join(", ")}` : ""}
      </Text>
    </div>
  );
}
