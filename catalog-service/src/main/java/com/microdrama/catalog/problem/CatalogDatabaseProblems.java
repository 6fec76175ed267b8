package com.microdrama.catalog.problem;

import com.microdrama.support.problem.DatabaseFailure;
import com.microdrama.support.problem.DatabaseProblems;
import com.microdrama.support.problem.Problem;
import com.microdrama.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** In the catalog, the only unique keys a write can hit are ids and (series, episode number). */
@ApplicationScoped
public class CatalogDatabaseProblems implements DatabaseProblems {

    @Override
    public Optional<Problem> problemFor(DatabaseFailure failure) {
        if (failure.is(DatabaseFailure.UNIQUE_VIOLATION)) {
            // two admins racing for the same id or episode number: the loser's check passed, the database refused
            return Optional.of(Problem.of(409, Problems.CONFLICT, "Conflict",
                    "The change conflicts with an existing row (duplicate id or episode number)."));
        }
        return Optional.empty();
    }
}
