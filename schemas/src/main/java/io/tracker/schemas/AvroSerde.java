package io.tracker.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * The one Kafka serde for every Avro record of the tracker. Records are written in Avro single-object
 * encoding (marker, CRC-64 fingerprint of the writer schema, body), so a reader knows which schema wrote a
 * message and resolves it against the current one. Earlier versions of a record's schema are looked up in
 * the resources {@code /avro-history/<full name>.v1.avsc}, {@code .v2.avsc}, ... (the versions a topic may
 * still hold).
 *
 * <p>Encoder and decoder are thread-safe; one serde instance may be shared by every thread.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  /** Single-object encoding's header: a 2-byte marker and the 8-byte fingerprint of the writer's schema. */
  private static final int HEADER = 2 + Long.BYTES;
  /** Events take a few hundred bytes at most; a longer one makes the buffer grow. */
  private static final int FIRST_BUFFER_BYTES = 512;
  private static final VarHandle FINGERPRINT = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);

  private final String name;
  /**
   * A reader per earlier version of the schema, by its CRC-64 fingerprint: each resolves what that version wrote to
   * the current record.
   */
  private final Map<Long, DatumReader<T>> readers = new HashMap<>();
  /** The current schema's fingerprint and reader, which read nearly every message: a compare, no boxed map key. */
  private final long currentFingerprint;
  private final DatumReader<T> currentReader;
  private final BinaryMessageEncoder<T> encoder;

  private AvroSerde(Schema schema) {
    this.name = schema.getFullName();
    SpecificData model = SpecificData.getForSchema(schema);
    // the generated per-class encode and decode (records without logical types have them) instead of
    // reflection over the schema: several times faster, and the bytes are the same
    model.setCustomCoders(true);
    currentFingerprint = SchemaNormalization.parsingFingerprint64(schema);
    currentReader = datumReader(model, schema, schema);
    for (Schema previous : SchemaHistory.previousVersions(schema.getFullName())) {
      addReader(model, previous, schema);
    }
    this.encoder = new BinaryMessageEncoder<>(model, schema);
  }

  private void addReader(SpecificData model, Schema writer, Schema reader) {
    readers.put(SchemaNormalization.parsingFingerprint64(writer), datumReader(model, writer, reader));
  }

  @SuppressWarnings("unchecked")
  private static <T> DatumReader<T> datumReader(SpecificData model, Schema writer, Schema reader) {
    return model.createDatumReader(writer, reader);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(SpecificData.get().getSchema(type));
  }

  public byte[] encode(T record) {
    try {
      // Avro's own buffer is a ByteArrayOutputStream, which takes its lock for every byte Avro writes into it
      ByteBufferOutputStream out = new ByteBufferOutputStream(FIRST_BUFFER_BYTES);
      encoder.encode(record, out);
      ByteBuffer buffer = out.buffer();
      return Arrays.copyOf(buffer.array(), buffer.position());
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot encode a " + name, e);
    }
  }

  /** True when the bytes are a message of this record, in its current or an earlier schema. */
  public boolean reads(byte[] bytes) {
    return readerOf(bytes) != null;
  }

  /**
   * The record in the bytes. Read straight from the array: Avro's BinaryMessageDecoder reads the body through an
   * InputStream, a call per byte, which made reading a click twice as slow.
   */
  public T decode(byte[] bytes) {
    DatumReader<T> reader = readerOf(bytes);
    if (reader == null) {
      throw new SerializationException("cannot decode a " + name + ": not a message of its schema or of an "
          + "earlier version");
    }
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, null));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot decode a " + name, e);
    }
  }

  /** The reader of the schema that wrote the message, or null when it is not a message this serde reads. */
  private DatumReader<T> readerOf(byte[] bytes) {
    if (bytes.length < HEADER || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01) {
      return null;
    }
    long fingerprint = (long) FINGERPRINT.get(bytes, 2);
    return fingerprint == currentFingerprint ? currentReader : readers.get(fingerprint);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : encode(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return data == null ? null : decode(data);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  /** Reads the earlier schema versions of a record kept as resources. */
  static final class SchemaHistory {
    private SchemaHistory() {}

    static java.util.List<Schema> previousVersions(String fullName) {
      java.util.List<Schema> versions = new java.util.ArrayList<>();
      for (int version = 1; ; version++) {
        String resource = "/avro-history/" + fullName + ".v" + version + ".avsc";
        try (InputStream in = AvroSerde.class.getResourceAsStream(resource)) {
          if (in == null) {
            return versions;
          }
          versions.add(new Schema.Parser().parse(in));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + resource, e);
        }
      }
    }
  }
}
