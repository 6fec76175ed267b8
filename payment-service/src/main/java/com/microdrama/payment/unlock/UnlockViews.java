package com.microdrama.payment.unlock;

public final class UnlockViews {
    private UnlockViews() {
    }

    public record EpisodeUnlockView(String unlockId, String episodeId, String seriesId, int coinsSpent, long balance) {
    }

    public record SeriesUnlockView(String unlockId, String seriesId, int coinsSpent, long balance) {
    }
}
