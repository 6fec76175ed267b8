package com.microdrama.support.problem;

import java.util.Optional;

/**
 * A service's own reading of a database refusal, consulted by {@link ProblemMappers} before its generic answers
 * (23505 → 409 {@code conflict}, 22021 → 400 {@code invalid-characters}, anything else → 500). A service that knows
 * its constraint names (e.g. {@code uq_unlock_active_episode} means "already unlocked") implements this as an
 * {@code @ApplicationScoped} bean; the first non-empty answer wins.
 */
public interface DatabaseProblems {
    Optional<Problem> problemFor(DatabaseFailure failure);
}
