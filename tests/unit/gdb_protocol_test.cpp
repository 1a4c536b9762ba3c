// The gdb stub's protocol (src/app/gdb): framing, escaping and checksums, the register layout
// and target description, and every packet a session answers, over a socket pair with the
// interpreter running guests/debug_target.S at 07C0:0000.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>

#include <cstdio>
#include <thread>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "core/cpu_state.h"
#include "gdb/packet.h"
#include "gdb/registers.h"
#include "gdb/session.h"
#include "support/guest_files.h"

namespace emu::gdb {
namespace {

using namespace std::chrono_literals;

std::vector<Incoming> read_all(PacketReader& reader, std::string_view bytes) {
  std::vector<Incoming> events;
  reader.feed(bytes, events);
  return events;
}

TEST(GdbPacket, FramesWithTheChecksumAndEscapes) {
  EXPECT_EQ(checksum(""), 0);
  EXPECT_EQ(frame("OK"), "$OK#9a");
  EXPECT_EQ(frame(""), "$#00");
  // '$', '#', '}' and '*' travel as '}' and the byte XOR 0x20; the checksum covers what is sent.
  EXPECT_EQ(frame("a$#}*"), std::string("$a}\x04}\x03}]}\x0a#") + "c3");
  EXPECT_EQ(checksum("a}\x04}\x03}]}\x0a"), (0x61 + 4 * 0x7d + 0x04 + 0x03 + 0x5d + 0x0a) & 0xFF);
}

TEST(GdbPacket, ReaderSplitsPacketsAcksAndInterrupts) {
  PacketReader reader(100);
  EXPECT_EQ(read_all(reader, "+$OK#9a-\x03"),
            (std::vector<Incoming>{{Incoming::Kind::ack, ""},
                                   {Incoming::Kind::packet, "OK"},
                                   {Incoming::Kind::nack, ""},
                                   {Incoming::Kind::interrupt, ""}}));
  // A packet arriving a byte at a time, and noise between packets.
  std::vector<Incoming> events;
  for (char c : std::string("xy$g#67")) reader.feed(std::string_view(&c, 1), events);
  EXPECT_EQ(events, (std::vector<Incoming>{{Incoming::Kind::packet, "g"}}));
  // Escapes are undone; the checksum is of the bytes as sent.
  const std::string framed = frame("X0,1:}#");
  EXPECT_EQ(read_all(reader, framed), (std::vector<Incoming>{{Incoming::Kind::packet, "X0,1:}#"}}));
  // Upper-case checksum digits are accepted.
  EXPECT_EQ(read_all(reader, "$OK#9A"), (std::vector<Incoming>{{Incoming::Kind::packet, "OK"}}));
}

TEST(GdbPacket, ReaderReportsBadChecksumsAndPacketsTooLong) {
  PacketReader reader(4);
  EXPECT_EQ(read_all(reader, "$OK#00"), (std::vector<Incoming>{{Incoming::Kind::bad_checksum, ""}}));
  EXPECT_EQ(read_all(reader, "$OK#zz"), (std::vector<Incoming>{{Incoming::Kind::bad_checksum, ""}}));
  EXPECT_EQ(read_all(reader, frame("12345")), (std::vector<Incoming>{{Incoming::Kind::too_long, ""}}));
  // After both, the next packet is read as usual; a '$' inside one starts it again.
  EXPECT_EQ(read_all(reader, "$g$OK#9a"), (std::vector<Incoming>{{Incoming::Kind::packet, "OK"}}));
}

TEST(GdbPacket, HexHelpers) {
  EXPECT_EQ(to_hex(std::string("\x00\x7f\xff", 3)), "007fff");
  std::string bytes;
  EXPECT_TRUE(from_hex("00aBff", bytes));
  EXPECT_EQ(bytes, std::string("\x00\xab\xff", 3));
  EXPECT_FALSE(from_hex("abc", bytes));
  EXPECT_FALSE(from_hex("zz", bytes));
  std::uint64_t value = 0;
  EXPECT_TRUE(parse_hex("7c00", value));
  EXPECT_EQ(value, 0x7c00u);
  EXPECT_FALSE(parse_hex("", value));
  EXPECT_FALSE(parse_hex("7c0g", value));
  EXPECT_FALSE(parse_hex("11112222333344445", value));  // past 64 bits
}

CpuState real_mode_state(std::uint16_t cs, std::uint16_t ip) { return reset_state(cs, ip); }

TEST(GdbRegisters, TheTargetDescriptionIsI8086WithTheI386CoreRegisters) {
  const std::string xml = target_description();
  EXPECT_NE(xml.find("<architecture>i8086</architecture>"), std::string::npos);
  EXPECT_NE(xml.find("<feature name=\"org.gnu.gdb.i386.core\">"), std::string::npos);
  for (const char* name : {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags", "cs", "ss", "ds",
                           "es", "fs", "gs", "st0", "st7", "fctrl", "fop", "ip"}) {
    EXPECT_NE(xml.find(fmt::format("<reg name=\"{}\"", name)), std::string::npos) << name;
  }
  EXPECT_NE(xml.find("<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\" regnum=\"8\"/>"), std::string::npos);
}

TEST(GdbRegisters, ThePcIsLinearAndIpRaw) {
  CpuState state = real_mode_state(0x07C0, 0x0049);
  state.gpr[0] = 0x12345678;
  EXPECT_EQ(read_register(state, 0), "78563412");
  EXPECT_EQ(read_register(state, 8), "497c0000");    // eip: 07C0*16 + 49
  EXPECT_EQ(read_register(state, 10), "c0070000");   // cs
  EXPECT_EQ(read_register(state, 16), std::string(20, '0'));  // st0: 80 bits, no FPU
  EXPECT_EQ(read_register(state, 32), "4900");       // ip
  EXPECT_EQ(read_register(state, 33), std::nullopt);
  // 16 registers of 4 bytes, 8 of 10, 8 of 4, and ip's 2.
  EXPECT_EQ(read_registers(state).size(), 2u * (16 * 4 + 8 * 10 + 8 * 4 + 2));
}

TEST(GdbRegisters, WritingThePcMovesIpWithinCs) {
  CpuState state = real_mode_state(0x07C0, 0x0049);
  EXPECT_EQ(write_register(state, 8, "507c0000"), std::nullopt);
  EXPECT_EQ(state.eip, 0x50u);
  // Below CS's base, or past 64 KiB from it: refused, nothing changed.
  const CpuState before = state;
  EXPECT_NE(write_register(state, 8, "00010000"), std::nullopt);
  EXPECT_NE(write_register(state, 8, "007c0100"), std::nullopt);
  EXPECT_EQ(state, before);
  EXPECT_NE(write_register(state, 8, "50"), std::nullopt);  // too short
  // A segment register: its base follows in real mode; the raw IP register.
  EXPECT_EQ(write_register(state, 13, "00b80000"), std::nullopt);
  EXPECT_EQ(state.sreg(Sreg::es).base, 0xB8000u);
  EXPECT_NE(write_register(state, 13, "00000100"), std::nullopt);  // not a 16-bit selector
  EXPECT_EQ(write_register(state, 32, "3412"), std::nullopt);
  EXPECT_EQ(state.eip, 0x1234u);
  EXPECT_EQ(write_register(state, 9, "00000000"), std::nullopt);
  EXPECT_EQ(state.eflags, 0x2u);  // bit 1 always set
}

TEST(GdbRegisters, GWritesEveryRegisterAndTheChangedViewOfIp) {
  const CpuState state = real_mode_state(0x07C0, 0x0049);
  CpuState written = state;
  EXPECT_EQ(write_registers(written, read_registers(state)), std::nullopt);
  EXPECT_EQ(written, state);
  // CS changed and neither view of IP: IP stays (the linear PC moves with CS), as with P.
  CpuState moved = state;
  std::string hex = read_registers(state);
  hex.replace(10 * 8, 8, "c1070000");
  EXPECT_EQ(write_registers(moved, hex), std::nullopt);
  EXPECT_EQ(moved.sreg(Sreg::cs).selector, 0x07C1);
  EXPECT_EQ(moved.eip, 0x49u);
  // CS and the PC changed: IP is the new PC relative to the new CS.
  hex.replace(8 * 8, 8, "497c0000");
  hex.replace(8 * 8, 8, "4a7c0000");
  moved = state;
  EXPECT_EQ(write_registers(moved, hex), std::nullopt);
  EXPECT_EQ(moved.eip, 0x3Au);
  // Only ip changed: it is taken as it is.
  CpuState raw = state;
  hex = read_registers(state);
  hex.replace(hex.size() - 4, 4, "0100");
  EXPECT_EQ(write_registers(raw, hex), std::nullopt);
  EXPECT_EQ(raw.eip, 1u);
  EXPECT_NE(write_registers(raw, read_registers(state) + "00"), std::nullopt);  // longer than all
  EXPECT_NE(write_registers(raw, "zz"), std::nullopt);
}

// A session with the interpreter over one end of a socket pair; the test is gdb on the other.
class GdbSession : public ::testing::Test {
 protected:
  void SetUp() override { start(test::read_guest("debug_target")); }
  void TearDown() override {
    if (thread_.joinable()) {
      stop_.request(StopRequest::Cause::signal, SIGTERM);  // a guest left running ends
      ::shutdown(client_, SHUT_RDWR);
      thread_.join();
    }
    if (client_ >= 0) ::close(client_);
    if (log_file_ != nullptr) std::fclose(log_file_);
  }

  void start(const std::vector<std::uint8_t>& image, SessionOptions options = {}) {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    client_ = fds[1];
    connection_ = std::make_unique<Connection>(UniqueFd(fds[0]));
    machine_ = std::make_unique<Machine>(
        MachineConfig{.mem_size = 0x20000, .load_address = 0x7C00, .entry_segment = 0x07C0, .entry_offset = 0}, console_);
    machine_->load_image(image);
    backend_ = std::make_unique<interp::Interpreter>(*machine_);
    log_file_ = std::tmpfile();
    log_ = std::make_unique<Log>(log_file_, false);
    session_ = std::make_unique<Session>(*connection_, *backend_, *machine_, stop_, options, *log_);
    thread_ = std::thread([this] { result_ = session_->serve({DebugStop::Kind::step, {}, 0}); });
  }

  void send_raw(std::string_view bytes) { ASSERT_EQ(::send(client_, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size())); }

  // Everything the stub sends within `wait` of quiet.
  std::string receive(std::chrono::milliseconds wait = 2000ms) {
    std::string got;
    for (;;) {
      pollfd entry{client_, POLLIN, 0};
      if (::poll(&entry, 1, static_cast<int>(wait.count())) <= 0) return got;
      char buffer[0x10000];
      const ssize_t n = ::recv(client_, buffer, sizeof buffer, 0);
      if (n <= 0) return got;
      got.append(buffer, static_cast<std::size_t>(n));
      if (got.size() >= 4 && got[got.size() - 3] == '#') return got;  // a whole packet
      wait = 2000ms;
    }
  }

  // One packet sent and its reply's payload (the '+' before it checked while acks are on).
  std::string ask(std::string_view payload) {
    send_raw(frame(payload));
    std::string reply = receive();
    if (acks_) {
      EXPECT_TRUE(reply.starts_with("+$")) << payload << " -> " << reply;
      if (reply.starts_with("+")) reply.erase(0, 1);
    }
    if (reply.size() < 4 || reply[0] != '$') return "<no packet: " + reply + ">";
    std::vector<Incoming> events;
    PacketReader reader(1 << 20);
    reader.feed(reply, events);
    if (events.size() != 1 || events[0].kind != Incoming::Kind::packet) return "<bad reply: " + reply + ">";
    if (acks_) send_raw("+");
    return events[0].payload;
  }

  RunResult finish() {
    thread_.join();
    return result_;
  }

  std::string log_text() {
    std::fflush(log_file_);
    std::rewind(log_file_);
    std::string text;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, log_file_)) text.append(buffer, n);
    return text;
  }

  int client_ = -1;
  bool acks_ = true;
  StringSink console_;
  StopRequest stop_;
  std::unique_ptr<Connection> connection_;
  std::unique_ptr<Machine> machine_;
  std::unique_ptr<interp::Interpreter> backend_;
  std::FILE* log_file_ = nullptr;
  std::unique_ptr<Log> log_;
  std::unique_ptr<Session> session_;
  std::thread thread_;
  RunResult result_;
};

TEST_F(GdbSession, AnswersTheQueriesGdbStartsWith) {
  const std::string supported = ask("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+");
  EXPECT_EQ(supported, "PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+;vContSupported+");
  EXPECT_EQ(ask("vMustReplyEmpty"), "");
  EXPECT_EQ(ask("QStartNoAckMode"), "OK");
  acks_ = false;
  EXPECT_EQ(ask("qXfer:features:read:target.xml:0,ffff"), "l" + target_description());
  const std::string first = ask("qXfer:features:read:target.xml:0,10");
  EXPECT_EQ(first, "m" + target_description().substr(0, 16));
  EXPECT_EQ(ask(fmt::format("qXfer:features:read:target.xml:{:x},10", target_description().size())), "l");
  EXPECT_EQ(ask("qXfer:features:read:other.xml:0,10"), "E00");
  EXPECT_EQ(ask("?"), "T05thread:1;");
  EXPECT_EQ(ask("qAttached"), "1");
  EXPECT_EQ(ask("qC"), "QC1");
  EXPECT_EQ(ask("Hg0"), "OK");
  EXPECT_EQ(ask("Hc-1"), "OK");
  EXPECT_EQ(ask("qfThreadInfo"), "m1");
  EXPECT_EQ(ask("qsThreadInfo"), "l");
  EXPECT_EQ(ask("vCont?"), "vCont;c;C;s;S");
  EXPECT_EQ(ask("qTStatus"), "");  // unknown: the empty reply
  EXPECT_EQ(ask("!"), "");
}

TEST_F(GdbSession, ReadsAndWritesRegisters) {
  EXPECT_EQ(ask("g"), read_registers(backend_->state()));
  EXPECT_EQ(ask("p8"), "007c0000");
  EXPECT_EQ(ask("p20"), "0000");
  EXPECT_EQ(ask("P0=78563412"), "OK");
  EXPECT_EQ(backend_->state().gpr[0], 0x12345678u);
  EXPECT_EQ(ask("p21"), "E16");
  EXPECT_EQ(ask("Pzz=00"), "E16");
  EXPECT_EQ(ask("P8=00010000"), "E16");  // a PC below CS's base
  EXPECT_EQ(backend_->state().eip, 0u);  // a refused packet changes nothing
  CpuState state = backend_->state();
  state.gpr[3] = 0xBEEF;
  EXPECT_EQ(ask("G" + read_registers(state)), "OK");
  EXPECT_EQ(backend_->state().gpr[3], 0xBEEFu);
  EXPECT_EQ(ask("Gxyz"), "E16");
  EXPECT_NE(log_text().find("emu: gdb: refused P8=00010000: the PC 0x100 is outside CS 07c0"), std::string::npos)
      << log_text();
}

TEST_F(GdbSession, ReadsAndWritesMemoryAtLinearAddresses) {
  EXPECT_EQ(ask("m7c00,4"), "8cc88ed8");  // mov ax, cs; mov ds, ax
  EXPECT_EQ(ask("m7c00,0"), "");
  // A huge length: as much as a packet holds (gdb asks again for the rest).
  EXPECT_EQ(ask("m0,ffffffff").size(), 2u * Session::max_packet / 2);
  EXPECT_EQ(ask("m1fffe,10"), "0000");  // up to the end of RAM
  EXPECT_EQ(ask("m20000,1"), "E14");    // past it
  EXPECT_EQ(ask("mzz,1"), "E16");
  EXPECT_EQ(ask("m7c00"), "E16");
  EXPECT_EQ(ask("M7c63,2:5859"), "OK");
  EXPECT_EQ(ask("m7c63,2"), "5859");
  EXPECT_EQ(ask("M7c63,2:58"), "E16");  // length and data disagree
  EXPECT_EQ(ask("M1ffff,2:0000"), "E0e");  // not all RAM: nothing written
  EXPECT_EQ(ask("X7c63,0:"), "OK");
  EXPECT_EQ(ask(std::string("X7c63,3:}#\x01", 11)), "OK");  // binary, with a byte that needs escaping
  EXPECT_EQ(ask("m7c63,3"), "7d2301");
}

TEST_F(GdbSession, BreakpointsWatchpointsAndSteps) {
  EXPECT_EQ(ask("Z0,7c49,1"), "OK");
  EXPECT_EQ(ask("vCont;c"), "T05swbreak:;thread:1;");
  EXPECT_EQ(ask("p8"), "497c0000");
  EXPECT_EQ(ask("z0,7c49,1"), "OK");
  EXPECT_EQ(ask("Z1,7c49,1"), "OK");
  EXPECT_EQ(ask("c"), "T05hwbreak:;thread:1;");  // the far call's, at the same linear address
  EXPECT_EQ(ask("pa"), "c1070000");  // register 10 (cs): numbers are hex
  EXPECT_EQ(ask("z1,7c49,1"), "OK");
  EXPECT_EQ(ask("vCont;s:1;c"), "T05thread:1;");  // one step: INC word [counter] done
  EXPECT_EQ(ask("p8"), "4d7c0000");
  EXPECT_EQ(ask("s"), "T05thread:1;");  // RETF to 07C0:0036
  EXPECT_EQ(ask("p8"), "367c0000");
  EXPECT_EQ(ask("Z2,7c63,1"), "OK");  // the copy's first byte: read only by print_string
  EXPECT_EQ(ask("Z4,7c63,1"), "OK");
  EXPECT_EQ(ask("c"), "T05awatch:7c63;thread:1;");
  EXPECT_EQ(ask("z4,7c63,1"), "OK");
  EXPECT_EQ(ask("z2,7c63,1"), "OK");
  EXPECT_EQ(ask("Z3,7c64,2"), "OK");
  EXPECT_EQ(ask("c"), "T05rwatch:7c64;thread:1;");
  EXPECT_EQ(ask("z3,7c64,2"), "OK");
  EXPECT_EQ(ask("Z9,0,1"), "");  // a type emu does not have
  EXPECT_EQ(ask("Z2,0,0"), "E16");
  EXPECT_EQ(ask("Z0,zz,1"), "E16");
  EXPECT_EQ(ask("vCont;t"), "E01");
  // The guest ends: gdb hears its status.
  EXPECT_EQ(ask("c"), "W07");
  const RunResult result = finish();
  EXPECT_EQ(result.exit_status, 7);
  EXPECT_EQ(console_.text(), "done after the debugger\n");
}

TEST_F(GdbSession, AWatchedWriteStopsAfterTheInstruction) {
  EXPECT_EQ(ask("Z2,7c5c,2"), "OK");  // counter
  EXPECT_EQ(ask("c"), "T05watch:7c5c;thread:1;");
  EXPECT_EQ(ask("p8"), "487c0000");  // after the handler's ADD
  EXPECT_EQ(ask("m7c5c,2"), "1000");
}

TEST_F(GdbSession, MonitorCommands) {
  EXPECT_EQ(ask(fmt::format("qRcmd,{}", to_hex("break 07c1:0039"))), to_hex("breakpoint 1 at 07c1:0039 (linear 0x07c49)\n"));
  EXPECT_EQ(ask("c"), "T05thread:1;");  // a monitor breakpoint: a plain trap
  EXPECT_EQ(ask("p8"), "497c0000");
  EXPECT_EQ(ask(fmt::format("qRcmd,{}", to_hex("delete 1"))), to_hex("monitor breakpoint 1 deleted\n"));
  std::string text;
  ASSERT_TRUE(from_hex(ask(fmt::format("qRcmd,{}", to_hex("seg"))), text));
  EXPECT_NE(text.find("cs 07c0  base 00007c00  limit 0000ffff"), std::string::npos) << text;
  ASSERT_TRUE(from_hex(ask(fmt::format("qRcmd,{}", to_hex("ivt 60 2"))), text));
  EXPECT_EQ(text, "60: 07c0:0043 (linear 0x07c43)\n61: 0000:0000 (linear 0x00000)\n");
  ASSERT_TRUE(from_hex(ask(fmt::format("qRcmd,{}", to_hex("phys 7c00 4"))), text));
  EXPECT_EQ(text, "00007c00: 8c c8 8e d8                                      ....\n");
  ASSERT_TRUE(from_hex(ask(fmt::format("qRcmd,{}", to_hex("pic"))), text));
  EXPECT_EQ(text, "no pic on this machine (bare)\n");
  ASSERT_TRUE(from_hex(ask(fmt::format("qRcmd,{}", to_hex("stats"))), text));
  EXPECT_NE(text.find("backend interp"), std::string::npos) << text;
  ASSERT_TRUE(from_hex(ask(fmt::format("qRcmd,{}", to_hex("frobnicate"))), text));
  EXPECT_EQ(text, "unknown monitor command \"frobnicate\"; `monitor help` lists them\n");
  EXPECT_EQ(ask("qRcmd,zz"), "E16");
}

TEST_F(GdbSession, BadChecksumsAreAskedAgainAndNacksResent) {
  send_raw("$g#00");
  EXPECT_EQ(receive(), "-");
  EXPECT_EQ(ask("p0"), "00000000");
  send_raw("-");  // gdb did not get it: the same again
  EXPECT_EQ(receive(), frame("00000000"));
  send_raw("$" + std::string(Session::max_packet + 1, 'm') + "#00");
  EXPECT_EQ(receive(), "+" + frame("E01"));
  EXPECT_NE(log_text().find("a packet with a bad checksum"), std::string::npos);
  EXPECT_NE(log_text().find("a packet longer than 16384 bytes"), std::string::npos);
  EXPECT_EQ(ask("p0"), "00000000");  // the state untouched
}

TEST_F(GdbSession, KillEndsTheRun) {
  send_raw(frame("k"));
  const RunResult result = finish();
  EXPECT_EQ(result.exit_status, 18);
  EXPECT_EQ(result.message, "guest killed by gdb at 07c0:0000");
}

TEST_F(GdbSession, DetachLetsTheGuestRunToItsEnd) {
  EXPECT_EQ(ask("Z0,7c49,1"), "OK");
  EXPECT_EQ(ask("D"), "OK");
  const RunResult result = finish();
  EXPECT_EQ(result.exit_status, 7);  // the breakpoint went with the debugger
  EXPECT_EQ(console_.text(), "done after the debugger\n");
}

TEST_F(GdbSession, AClientGoneMidPacketLeavesTheGuestRunning) {
  send_raw("$m7c0");
  ::shutdown(client_, SHUT_RDWR);
  const RunResult result = finish();
  EXPECT_EQ(result.exit_status, 7);
  EXPECT_NE(log_text().find("gdb disconnected; the guest runs on without it"), std::string::npos);
}

class GdbSessionEndless : public GdbSession {
 protected:
  void SetUp() override { start({0xEB, 0xFE}); }  // jmp $
};

TEST_F(GdbSessionEndless, CtrlCStopsTheRunningGuest) {
  send_raw(frame("c"));
  EXPECT_EQ(receive(300ms), "+");  // running: no reply yet
  send_raw("\x03");
  EXPECT_EQ(receive(), frame("T02thread:1;"));
  send_raw("+");
  EXPECT_EQ(ask("p8"), "007c0000");
  EXPECT_FALSE(stop_.requested());  // the interruption was taken
}

TEST_F(GdbSessionEndless, ASignalToEmuEndsTheSession) {
  EXPECT_EQ(ask("?"), "T05thread:1;");
  stop_.request(StopRequest::Cause::signal, SIGTERM);
  EXPECT_EQ(receive(), frame(fmt::format("X{:02x}", SIGTERM)));
  EXPECT_EQ(finish().exit_status, 18);
}

}  // namespace
}  // namespace emu::gdb
