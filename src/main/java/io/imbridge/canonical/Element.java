package io.imbridge.canonical;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One element of a message. The kinds are the union of the four vendors' element types; each record carries every
 * field any vendor has for that kind (see docs/providers.md#across-providers). Durations are milliseconds, sizes bytes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Element.Text.class, name = "text"),
        @JsonSubTypes.Type(value = Element.Image.class, name = "image"),
        @JsonSubTypes.Type(value = Element.Audio.class, name = "audio"),
        @JsonSubTypes.Type(value = Element.Video.class, name = "video"),
        @JsonSubTypes.Type(value = Element.File.class, name = "file"),
        @JsonSubTypes.Type(value = Element.Location.class, name = "location"),
        @JsonSubTypes.Type(value = Element.Face.class, name = "face"),
        @JsonSubTypes.Type(value = Element.Custom.class, name = "custom"),
        @JsonSubTypes.Type(value = Element.Alert.class, name = "alert")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Element {

    /** The kind's name as it appears in JSON and in capability tables. */
    @JsonIgnore
    String kind();

    /** Plain text; {@code mentions} lists the accounts an @-text names (OpenIM 106). */
    record Text(String text, List<String> mentions) implements Element {
        @Override
        public String kind() {
            return "text";
        }
        public Text(String text) {
            this(text, null);
        }
    }

    /** One picture size: ORIGINAL, LARGE or THUMBNAIL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImageVariant(Role role, String url, String uuid, String type, Long size, Integer width, Integer height) {
        public enum Role { ORIGINAL, LARGE, THUMBNAIL }
    }

    record Image(String uuid, String format, String name, String md5, String ext, String sourcePath,
                 List<ImageVariant> variants) implements Element {
        @Override
        public String kind() {
            return "image";
        }
    }

    record Audio(String url, String uuid, Long size, Long durationMs, String md5, String ext, String sourcePath,
                 Integer downloadFlag) implements Element {
        @Override
        public String kind() {
            return "audio";
        }
    }

    record Video(String url, String uuid, Long size, Long durationMs, String format, String md5, Integer width,
                 Integer height, String sourcePath, Integer downloadFlag, String thumbUrl, String thumbUuid,
                 Long thumbSize, Integer thumbWidth, Integer thumbHeight, String thumbFormat, String thumbPath,
                 Integer thumbDownloadFlag) implements Element {
        @Override
        public String kind() {
            return "video";
        }
    }

    record File(String url, String uuid, Long size, String name, String md5, String ext, String sourcePath,
                Integer downloadFlag) implements Element {
        @Override
        public String kind() {
            return "file";
        }
    }

    /** A place; {@code description} is Tencent Desc, OpenIM description, NetEase title. */
    record Location(String description, Double latitude, Double longitude) implements Element {
        @Override
        public String kind() {
            return "location";
        }
    }

    record Face(Integer index, String data) implements Element {
        @Override
        public String kind() {
            return "face";
        }
    }

    /** App-defined content: Tencent Data/Desc/Ext/Sound, OpenIM data/description/extension, NetEase subType. */
    record Custom(String data, String description, String extension, String sound, Integer subType)
            implements Element {
        @Override
        public String kind() {
            return "custom";
        }
    }

    /** A tip shown in the conversation (NetEase 10). */
    record Alert(String text) implements Element {
        @Override
        public String kind() {
            return "alert";
        }
    }
}
