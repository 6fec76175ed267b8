package com.microdrama.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A docker-archive image tar (what the builds write to target/image/, what `docker save` writes): its config and its
 * layers unpacked in order into a root filesystem, with whiteouts applied, as a container runtime would.
 */
record ImageArchive(Path tar, List<String> repoTags, Map<String, String> env, List<String> entrypoint,
        List<String> cmd, String workingDir, String user) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** GNU tar warns about the pax keywords of Jib's layers (libarchive's creation time); they mean nothing here. */
    static final String QUIET = "--warning=no-unknown-keyword";

    static ImageArchive read(Path tar) throws IOException, InterruptedException {
        JsonNode manifest = JSON.readTree(Commands.run("tar", "-xOf", tar.toString(), "manifest.json")).get(0);
        JsonNode config = JSON.readTree(Commands.run("tar", "-xOf", tar.toString(), manifest.get("Config").asText()))
                .path("config");
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : config.path("Env")) {
            String[] pair = entry.asText().split("=", 2);
            env.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        return new ImageArchive(tar, strings(manifest.path("RepoTags")), env, strings(config.path("Entrypoint")),
                strings(config.path("Cmd")), config.path("WorkingDir").asText("/"), config.path("User").asText(""));
    }

    /** The layers in order into {@code rootfs} (emptied first); returns it. */
    Path unpack(Path rootfs) throws IOException, InterruptedException {
        Commands.run("rm", "-rf", rootfs.toString());
        Files.createDirectories(rootfs);
        Path layers = rootfs.resolveSibling(rootfs.getFileName() + "-layers");
        Commands.run("rm", "-rf", layers.toString());
        Files.createDirectories(layers);
        JsonNode manifest = JSON.readTree(Commands.run("tar", "-xOf", tar.toString(), "manifest.json")).get(0);
        Commands.run("tar", "-xf", tar.toString(), "-C", layers.toString());
        for (JsonNode layer : manifest.path("Layers")) {
            Path file = layers.resolve(layer.asText());
            applyWhiteouts(rootfs, Commands.run("tar", QUIET, "-tf", file.toString()).lines().toList());
            // GNU tar detects gzip itself; whiteout markers are not files of the image.
            Commands.run("tar", QUIET, "-xf", file.toString(), "-C", rootfs.toString(), "--exclude=.wh.*", "--exclude=*/.wh.*");
        }
        Commands.run("rm", "-rf", layers.toString());
        return rootfs;
    }

    /** OCI layer whiteouts: {@code .wh.<name>} deletes name from lower layers, {@code .wh..wh..opq} empties the directory. */
    private static void applyWhiteouts(Path rootfs, List<String> entries) throws IOException, InterruptedException {
        for (String entry : entries) {
            String path = entry.startsWith("./") ? entry.substring(2) : entry;
            int slash = path.lastIndexOf('/');
            String dir = slash < 0 ? "" : path.substring(0, slash + 1);
            String name = path.substring(slash + 1);
            if (name.equals(".wh..wh..opq")) {
                Path target = rootfs.resolve(dir);
                if (Files.isDirectory(target)) {
                    try (Stream<Path> children = Files.list(target)) {
                        for (Path child : children.toList()) {
                            Commands.run("rm", "-rf", child.toString());
                        }
                    }
                }
            } else if (name.startsWith(".wh.")) {
                Commands.run("rm", "-rf", rootfs.resolve(dir + name.substring(4)).toString());
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
