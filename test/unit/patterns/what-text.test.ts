/** Content features of a touch (server/core/patterns/text.ts): tokens, phrases and the categorical rules, by hand. */
import { describe, expect, it } from "vitest";
import { bodyLengthBucket, clauses, distinctTerms, mentionsName, questionCountBucket, subjectStyle, tokenize, touchContentFeatures, wordCount } from "../../../server/core/patterns/text";

describe("tokens and phrases", () => {
  it("lowercases, strips punctuation and keeps apostrophes inside words (curly ones too)", () => {
    expect(tokenize("I’m sure—Northwind's team cut 38% of follow-up!")).toEqual(["i'm", "sure", "northwind's", "team", "cut", "38", "of", "follow", "up"]);
    expect(tokenize("'quoted' words''")).toEqual(["quoted", "words"]);
  });

  it("never forms a phrase across a clause boundary", () => {
    expect(clauses("Hi Maria,\n\nI hope this finds you well. Teams like yours; cut time")).toEqual([["hi", "maria"], ["i", "hope", "this", "finds", "you", "well"], ["teams", "like", "yours"], ["cut", "time"]]);
    const terms = distinctTerms(["I hope this finds you well. Teams like yours"]);
    expect(terms.has("well teams")).toBe(false);
    expect(terms.has("finds you well")).toBe(true);
  });

  it("counts each 1–3-gram once per touch and drops stopword-only terms", () => {
    const terms = distinctTerms(["Quick idea", "A quick idea for you. A quick idea!"]);
    expect([...terms].sort()).toEqual(["a quick", "a quick idea", "idea", "idea for", "idea for you", "quick", "quick idea", "quick idea for"]);
    expect(distinctTerms(["of the to", null, ""]).size).toBe(0);
  });
});

describe("categorical content features", () => {
  const lead = { company: "Northwind Cloud", firstName: "Tom" };

  it("classifies subjects: sender label, personalized, question, short, long, medium", () => {
    expect(subjectStyle("Anything", lead, "long_generic")).toBe("long_generic");
    expect(subjectStyle("Northwind Cloud's pipeline?", lead)).toBe("personalized");
    expect(subjectStyle("tom, a thought", lead)).toBe("personalized");
    expect(subjectStyle("Tomorrow works?", lead)).toBe("question");
    expect(subjectStyle("Quick idea for you", lead)).toBe("short");
    expect(subjectStyle("An idea for your sales team today", lead)).toBe("medium");
    expect(subjectStyle("Helping companies like yours improve sales efficiency and drive growth", lead)).toBe("long");
    expect(subjectStyle("   ", lead)).toBeNull();
    expect(subjectStyle(null, lead, "")).toBeNull();
  });

  it("finds a name when its first occurrence stands as a whole word", () => {
    expect(mentionsName("See you, Tom.", "tom")).toBe(true);
    expect(mentionsName("Tomorrow, Tom", "Tom")).toBe(false);
    expect(mentionsName("acme (us) inc. rocks", "Acme (US) Inc.")).toBe(true);
    expect(mentionsName("hi t", "T")).toBe(false);
  });

  it("buckets body length in characters and counts question marks", () => {
    expect([bodyLengthBucket("x".repeat(150)), bodyLengthBucket("x".repeat(151)), bodyLengthBucket("x".repeat(1201)), bodyLengthBucket(" \n ")]).toEqual(["1-150", "151-300", "1201+", null]);
    expect([questionCountBucket("No questions."), questionCountBucket("Why? Really?"), questionCountBucket("ok?"), questionCountBucket(null)]).toEqual(["0", "2+", "1", null]);
    // Lengths count characters (code points), not UTF-16 units; any whitespace alone is an empty body.
    expect([bodyLengthBucket("😀".repeat(150)), bodyLengthBucket("😀".repeat(151)), bodyLengthBucket("\u00a0\ufeff\u2028"), questionCountBucket("\u00a0 \n")]).toEqual(["1-150", "151-300", null, null]);
    expect([wordCount("  two\n words "), wordCount(null)]).toEqual([2, 0]);
  });
});

describe("touch content features, measured at ingest", () => {
  const lead = { company: "Northwind Cloud", name: "  Maria   Garcia " };
  it("measure each feature against the lead's company and first name", () => {
    expect(touchContentFeatures({ subject: "Idea for Northwind Cloud", body: "Hi Maria, a question? And another?" }, lead)).toEqual({
      subjectStyle: "personalized",
      bodyLength: "1-150",
      questionCount: "2+",
      personalization: "yes",
    });
    expect(touchContentFeatures({ subject: "Quick one?", body: "Hi Mariana, no name of yours here." }, lead)).toEqual({ subjectStyle: "question", bodyLength: "1-150", questionCount: "0", personalization: "no" });
  });

  it("let the sender's own subject-style label win, and leave empty content unmeasured", () => {
    expect(touchContentFeatures({ subject: "Idea for Northwind Cloud", body: null, attributes: { subjectStyle: " curiosity " } }, lead).subjectStyle).toBe("curiosity");
    expect(touchContentFeatures({ subject: "  ", body: " \n ", attributes: { subjectStyle: 3 } }, lead)).toEqual({ subjectStyle: "3", bodyLength: null, questionCount: null, personalization: null });
    expect(touchContentFeatures({ subject: null, body: null, attributes: { subjectStyle: { nested: true } } }, { company: null, name: null })).toEqual({ subjectStyle: null, bodyLength: null, questionCount: null, personalization: null });
  });
});
