package com.microdrama.support.problem;

import java.util.Map;

/**
 * A failure that already knows its problem+json answer; {@link ProblemMappers} sends it as is. Thrown inside a
 * transaction it also rolls the transaction back (payment-service relies on that to keep error answers out of its
 * idempotency store). No stack trace is captured: these are expected outcomes, not bugs, and they are frequent.
 */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, Throwable cause) {
        super(problem.getDetail(), cause, false, false);
        this.problem = problem;
    }

    public ProblemException(int status, String slug, String title, String detail) {
        this(Problem.of(status, slug, title, detail));
    }

    public ProblemException(int status, String slug, String title, String detail, Map<String, ?> extensions) {
        this(Problem.of(status, slug, title, detail, extensions));
    }

    public ProblemException(int status, String slug, String title, String detail, Map<String, ?> extensions,
                            Throwable cause) {
        this(Problem.of(status, slug, title, detail, extensions), cause);
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.getStatus();
    }

    public String slug() {
        return problem.slug();
    }

    public String title() {
        return problem.getTitle();
    }

    public String detail() {
        return problem.getDetail();
    }

    public Map<String, Object> extensions() {
        return problem.getExtensions();
    }

    public static ProblemException badRequest(String slug, String title, String detail) {
        return new ProblemException(400, slug, title, detail);
    }

    public static ProblemException notFound(String slug, String title, String detail) {
        return new ProblemException(404, slug, title, detail);
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(409, slug, title, detail);
    }
}
